import { canMove, manualMoves, TICKET_TRANSITIONS } from './ticket-status';
import { TICKET_STATUSES } from './ticket.entity';

describe('ticket status machine', () => {
  it('follows the verification path open → verifying → verified → reset_sent → resolved', () => {
    expect(canMove('open', 'verifying')).toBe(true);
    expect(canMove('verifying', 'verified')).toBe(true);
    expect(canMove('verified', 'reset_sent')).toBe(true);
    expect(canMove('reset_sent', 'resolved')).toBe(true);
  });

  it.each([
    ['open', 'verified'],
    ['open', 'resolved'],
    ['verifying', 'reset_sent'],
    ['resolved', 'verifying'],
    ['closed', 'resolved'],
    ['cancelled', 'closed'],
  ] as const)('refuses %s → %s', (from, to) => {
    expect(canMove(from, to)).toBe(false);
  });

  it('lets every finished ticket be reopened and every unfinished one be closed or cancelled', () => {
    for (const status of ['resolved', 'closed', 'cancelled'] as const) expect(canMove(status, 'open')).toBe(true);
    for (const status of ['open', 'verifying', 'verified'] as const) {
      expect(canMove(status, 'closed')).toBe(true);
      expect(canMove(status, 'cancelled')).toBe(true);
    }
    expect(Object.keys(TICKET_TRANSITIONS).sort()).toEqual([...TICKET_STATUSES].sort());
  });

  it('offers people only the moves PUT accepts: reopen, resolve, close, cancel where the machine allows them', () => {
    expect(manualMoves('open')).toEqual(['cancelled', 'closed']);
    expect(manualMoves('verifying')).toEqual(['open', 'cancelled', 'closed']);
    expect(manualMoves('verified')).toEqual(['cancelled', 'closed']);
    expect(manualMoves('reset_sent')).toEqual(['resolved', 'closed']);
    expect(manualMoves('resolved')).toEqual(['closed', 'open']);
    for (const status of TICKET_STATUSES) for (const to of manualMoves(status)) expect(canMove(status, to)).toBe(true);
  });
});
