// The report on stdout: the cases beside their limits, the suspension delays, memory.
export function printReport(report) {
  const fixed = (value, digits = 0) =>
    value === null || value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits);
  const ms = (value) =>
    value === null || value === undefined ? '-' : value < 10 ? value.toFixed(2) : value.toFixed(1);
  const both = (a, b, format) => `${format(a)} / ${format(b)}`;
  if (report.cases.length === 0) {
    return printRest(report, ms, fixed);
  }
  const rows = [
    [
      'case',
      'req/s',
      'limit req/s',
      'ratio',
      'p50 ms',
      'p99 ms',
      'CPU µs/req',
      'db CPU µs/req',
      'errors',
    ],
  ];
  for (const outcome of report.cases) {
    const { service: s, limit: l } = outcome;
    rows.push([
      outcome.case,
      fixed(s.rps),
      fixed(l.rps),
      fixed(outcome.ratio, 2),
      both(s.latency.p50, l.latency.p50, ms),
      both(s.latency.p99, l.latency.p99, ms),
      both(s.cpu.serverUsPerRequest, l.cpu.serverUsPerRequest, (v) => fixed(v)),
      both(s.cpu.databaseUsPerRequest, l.cpu.databaseUsPerRequest, (v) => fixed(v)),
      both(s.failures, l.failures, String),
    ]);
  }
  console.log(
    `\n${report.settings.connections} connections, ${report.settings.duration} s measured after ${report.settings.warmup} s warm-up; cells "a / b" are service / limit`,
  );
  printTable(rows);

  if (report.cases.length > 0) {
    const detail = [
      [
        'case',
        'server cores',
        'load-gen cores',
        'load-gen µs/req',
        'bytes/resp',
        'load avg before',
      ],
    ];
    for (const outcome of report.cases) {
      const { service: s, limit: l } = outcome;
      detail.push([
        outcome.case,
        both(s.cpu.serverCores, l.cpu.serverCores, (v) => fixed(v, 2)),
        both(s.cpu.loadGeneratorCores, l.cpu.loadGeneratorCores, (v) => fixed(v, 2)),
        both(s.cpu.loadGeneratorUsPerRequest, l.cpu.loadGeneratorUsPerRequest, (v) => fixed(v)),
        both(s.bytesPerResponse, l.bytesPerResponse, (v) => fixed(v)),
        both(s.loadavgBefore, l.loadavgBefore, (v) => fixed(v, 2)),
      ]);
    }
    console.log('');
    printTable(detail);
  }

  printRest(report, ms, fixed);
}

function printRest(report, ms, fixed) {
  if (report.suspension) {
    const { refusedAfterMs: r, restoredAfterMs: back, rounds, failures } = report.suspension;
    console.log(
      `\nsuspension → 401 at the content API (${rounds} rounds, polling every ~2 ms, from the suspend response):`,
    );
    printTable([
      ['', 'median ms', 'p95 ms', 'worst ms'],
      ['suspend → 401', ms(r?.median), ms(r?.p95), ms(r?.worst)],
      ['reactivate → 200', ms(back?.median), ms(back?.p95), ms(back?.worst)],
    ]);
    for (const failure of failures) {
      console.log(`  FAILED ${failure}`);
    }
  }

  console.log('\nmemory (RSS MiB):');
  printTable([
    ['service', 'at rest', 'after load', 'peak'],
    ...Object.entries(report.memory).map(([name, m]) => [
      name,
      fixed(m.atRest.rssMiB),
      fixed(m.afterLoad.rssMiB),
      fixed(m.afterLoad.peakRssMiB),
    ]),
  ]);
}

function printTable(rows) {
  const widths = rows[0].map((_, column) =>
    Math.max(...rows.map((row) => String(row[column]).length)),
  );
  const line = (row) =>
    row
      .map((cell, column) =>
        column === 0 ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]),
      )
      .join('  ');
  console.log(line(rows[0]));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows.slice(1)) {
    console.log(line(row));
  }
}
