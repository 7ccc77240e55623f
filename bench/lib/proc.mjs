// CPU time and memory of a process from Linux /proc (no sampling, no dependency).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond;

/** `getconf CLK_TCK` (100 on most Linux machines): the unit of utime/stime in /proc/<pid>/stat. */
export function clockTicks() {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond =
        Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** User + system CPU seconds the process has used so far (fields 14 and 15 of /proc/<pid>/stat). */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after it are space-separated.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / clockTicks();
}

/** VmRSS and VmHWM (peak) in MiB, from /proc/<pid>/status. */
export function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakRssMiB: kib('VmHWM') / 1024 };
}

/**
 * The PostgreSQL backends serving one database: their title is
 * `postgres: <user> <database> <client> <state>` (update_process_title, on by default).
 */
export function postgresBackends(database) {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (title.startsWith('postgres: ') && title.split(' ').includes(database)) {
        pids.push(Number(entry));
      }
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

function cpuByPid(pids) {
  const seconds = new Map();
  for (const pid of pids) {
    try {
      seconds.set(pid, cpuSeconds(pid));
    } catch {
      // gone meanwhile
    }
  }
  return seconds;
}

/**
 * A CPU stopwatch over named groups of processes: `stop()` gives the CPU seconds each
 * group used since the start, and the wall time. A group is a pid, a list of pids, or a
 * function listing them (read again at the stop, so processes born in between count in
 * full). A process that ended in between loses its share (PostgreSQL pools close idle
 * backends at any time, so only per-process differences are summed).
 */
export function cpuStopwatch(groups) {
  const list = (group) => (typeof group === 'function' ? group() : [group].flat());
  const started = Object.fromEntries(
    Object.entries(groups).map(([name, group]) => [name, cpuByPid(list(group))]),
  );
  const wallStart = process.hrtime.bigint();
  return {
    stop() {
      const wallSeconds = Number(process.hrtime.bigint() - wallStart) / 1e9;
      const cpu = {};
      for (const [name, group] of Object.entries(groups)) {
        let used = 0;
        for (const [pid, seconds] of cpuByPid(list(group))) {
          used += seconds - (started[name].get(pid) ?? 0);
        }
        cpu[name] = used;
      }
      return { wallSeconds, cpuSeconds: cpu };
    },
  };
}
