import { checkReport } from './directory-check.command';

describe(checkReport.name, () => {
  it('prints one aligned line per item with ✓ or ✗ and counts the failures', () => {
    const report = checkReport([
      { name: 'connect', ok: true, message: 'ldaps://dc1.example.org:636 answered in 12 ms' },
      { name: 'tls', ok: true, message: 'TLSv1.3, certificate for dc1.example.org verified' },
      { name: 'bind', ok: false, message: "The directory refused ResetDesk's service account" },
    ]);
    expect(report.lines).toEqual([
      '✓ connect  ldaps://dc1.example.org:636 answered in 12 ms',
      '✓ tls      TLSv1.3, certificate for dc1.example.org verified',
      "✗ bind     The directory refused ResetDesk's service account",
    ]);
    expect(report.failed).toBe(1);
  });

  it('finds nothing to fail in an empty check', () => {
    expect(checkReport([])).toEqual({ lines: [], failed: 0 });
  });
});
