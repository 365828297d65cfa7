import pino from 'pino';
import { Writable } from 'node:stream';
import { REDACTED_LOG_PATHS } from './redaction';

describe('log redaction', () => {
  function logLine(object: Record<string, unknown>): string {
    let line = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        line += chunk.toString();
        done();
      },
    });
    pino({ redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' } }, sink).info(object, 'event');
    return line;
  }

  it('hides passwords, codes, tokens and secrets at any nesting level used by our logs', () => {
    const line = logLine({
      password: 'hunter2-password',
      body: { code: '123456', newPassword: 'N3w-pass!', token: 'tok-abc', text: '#resetpassword#Chat-pass-1' },
      rawBody: '{"text":"#resetpassword#Raw-pass-2"}',
      job: { data: { totpSecret: 'JBSWY3DPEHPK3PXP' } },
      req: { headers: { authorization: 'Bearer eyJhbGciOi', cookie: 'refresh=r1', 'x-resetdesk-signature': 'sha256=ff' } },
    });
    for (const secret of [
      'hunter2-password',
      'Chat-pass-1',
      'Raw-pass-2',
      '123456',
      'N3w-pass!',
      'tok-abc',
      'JBSWY3DPEHPK3PXP',
      'eyJhbGciOi',
      'refresh=r1',
      'sha256=ff',
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('[redacted]');
  });

  it('keeps ordinary fields', () => {
    expect(logLine({ notificationId: 42, recipient: 'a@example.com' })).toContain('"notificationId":42');
  });
});
