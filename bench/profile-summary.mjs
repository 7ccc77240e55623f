#!/usr/bin/env node
// Top self-time functions of a .cpuprofile (V8 CPU profile, as `node --cpu-prof` or
// BENCH_PROFILE writes): sums each sample's timeDelta onto the node it hit, then groups
// by function and by package.
//   node bench/profile-summary.mjs <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs';

export function summarise(profile, top = 25) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) {
      parent.set(child, node.id);
    }
  }
  const ancestry = (id) => {
    const chain = [];
    for (let at = id; at !== undefined; at = parent.get(at)) {
      chain.push(byId.get(at).callFrame);
    }
    return chain;
  };
  const self = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    self.set(id, (self.get(id) ?? 0) + delta);
  });
  const functions = new Map();
  const packages = new Map();
  const attributed = new Map();
  const add = (map, key, micros) => map.set(key, (map.get(key) ?? 0) + micros);
  for (const [id, micros] of self) {
    const chain = ancestry(id);
    // The profiler's own start/stop calls are not the server's work.
    if (chain.some((frame) => frame.url.includes('bench/lib/profiler.mjs'))) {
      continue;
    }
    total += micros;
    const { functionName, url, lineNumber } = chain[0];
    let key =
      `${functionName || '(anonymous)'} ${url ? `${shorten(url)}:${lineNumber + 1}` : ''}`.trim();
    if (!url && !functionName.startsWith('(')) {
      // A native function: name it by its JS caller.
      const caller = chain.find((frame) => frame.url);
      key = `${functionName} [native, from ${caller ? `${caller.functionName || '(anonymous)'} ${shorten(caller.url)}` : '?'}]`;
    }
    add(functions, key, micros);
    add(packages, packageOf(url, functionName), micros);
    // Node core and native time charged to the first caller outside node core.
    const owner = chain.find((frame) => frame.url && !isCore(frame.url));
    add(
      attributed,
      owner ? packageOf(owner.url, owner.functionName) : packageOf(url, functionName),
      micros,
    );
  }
  const rank = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => ({ name, ms: micros / 1000, share: micros / total }));
  return {
    totalMs: total / 1000,
    functions: rank(functions),
    packages: rank(packages),
    attributed: rank(attributed),
  };
}

const isCore = (url) => url.startsWith('node:');

function shorten(url) {
  const path = url.replace(/^file:\/\//, '');
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/(.*)$/.exec(path);
  if (pnpm) {
    return pnpm[1];
  }
  const repo = /\/(apps|packages)\/(.*)$/.exec(path);
  return repo ? `${repo[1]}/${repo[2]}` : path;
}

function packageOf(url, functionName) {
  if (!url) {
    // (garbage collector), (program), (idle), native builtins
    return functionName.startsWith('(') ? functionName : '(native)';
  }
  const path = url.replace(/^file:\/\//, '');
  const dep = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (dep) {
    return dep[1];
  }
  const repo = /\/(apps|packages)\/([^/]+)\//.exec(path);
  if (repo) {
    return `${repo[1]}/${repo[2]}`;
  }
  return path.startsWith('node:') ? 'node (core)' : path;
}

export function printSummary(summary, top = 25) {
  const pct = (share) => `${(share * 100).toFixed(1).padStart(5)}%`;
  console.log(`profile: ${summary.totalMs.toFixed(0)} ms sampled`);
  console.log('\nself time by package:');
  for (const row of summary.packages.slice(0, 12)) {
    console.log(`  ${pct(row.share)}  ${row.ms.toFixed(0).padStart(7)} ms  ${row.name}`);
  }
  console.log('\nthe same, with node core and native time charged to the package that called it:');
  for (const row of summary.attributed.slice(0, 12)) {
    console.log(`  ${pct(row.share)}  ${row.ms.toFixed(0).padStart(7)} ms  ${row.name}`);
  }
  console.log(`\ntop ${top} functions by self time:`);
  for (const row of summary.functions.slice(0, top)) {
    console.log(`  ${pct(row.share)}  ${row.ms.toFixed(0).padStart(7)} ms  ${row.name}`);
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const [file, top = '25'] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node bench/profile-summary.mjs <file.cpuprofile> [top]');
    process.exit(2);
  }
  printSummary(summarise(JSON.parse(readFileSync(file, 'utf8')), Number(top)), Number(top));
}
