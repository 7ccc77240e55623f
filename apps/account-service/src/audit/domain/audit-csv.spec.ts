import { describe, expect, it } from 'vitest';
import { auditCsvHeader, auditCsvLine, csvField, prefersCsv } from './audit-csv.js';

describe('audit CSV', () => {
  it('quotes every field and doubles quotes (RFC 4180)', () => {
    expect(csvField('plain')).toBe('"plain"');
    expect(csvField('a "quoted", b\r\nc')).toBe('"a ""quoted"", b\r\nc"');
    expect(csvField(null)).toBe('""');
  });

  it('keeps a formula an attacker wrote as text', () => {
    for (const formula of ['=HYPERLINK("x")', '+1', '-1+2', '@SUM(A1)', '\t=1', '\r=1']) {
      expect(csvField(formula).startsWith(`"'`)).toBe(true);
    }
    expect(csvField('a=b')).toBe('"a=b"');
  });

  it('writes the header and a line with ISO times and empty nulls', () => {
    expect(auditCsvHeader()).toMatch(/^"id","at","actorType","actorId","actorEmail",/);
    const line = auditCsvLine({
      id: 'a',
      at: new Date('2026-01-02T03:04:05Z'),
      actorType: 'user',
      actorId: 'u',
      actorEmail: 'ops@charter.example',
      clientId: 'charter-admin-cli',
      sourceAddress: '192.0.2.7',
      action: 'ContractSuspended',
      entityType: 'contract',
      entityId: 'c',
      enterpriseId: null,
      reason: 'unpaid',
      requestId: 'r',
      correlationId: 'r',
    });
    expect(line).toBe(
      '"a","2026-01-02T03:04:05.000Z","user","u","ops@charter.example","charter-admin-cli","192.0.2.7","ContractSuspended","contract","c","","unpaid","r","r"\r\n',
    );
  });

  it('takes CSV only when Accept prefers it to JSON', () => {
    expect(prefersCsv('text/csv')).toBe(true);
    expect(prefersCsv('text/csv, application/json;q=0.5')).toBe(true);
    expect(prefersCsv('application/json, text/csv;q=0.5')).toBe(false);
    expect(prefersCsv('text/csv;q=0, */*')).toBe(false);
    expect(prefersCsv('*/*')).toBe(false);
    expect(prefersCsv('text/csv;q=nonsense')).toBe(false);
    expect(prefersCsv(undefined)).toBe(false);
  });
});
