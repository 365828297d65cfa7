import { Injectable } from '@nestjs/common';
import { Clock } from '@resetdesk/core';
import { AuditChainRepository } from './audit-chain.repository';
import { AuditVerificationEntity, ChainBreak } from './audit-verification.entity';
import { AuditVerificationRepository } from './audit-verification.repository';
import { chainHash, GENESIS_HASH } from './canonical';

export const VERIFY_PAGE_SIZE = 2000;

interface Broken {
  seq: number;
  reason: ChainBreak;
  message: string;
}

/**
 * Recomputes the chain from the first event, a page at a time, keeping only
 * the last two hashes: memory stays flat however long the trail is. Names
 * the first broken sequence number and why.
 */
@Injectable()
export class AuditVerifier {
  constructor(
    private readonly chain: AuditChainRepository,
    private readonly clock: Clock,
    private readonly verifications: AuditVerificationRepository,
  ) {}

  async verify(triggeredBy: AuditVerificationEntity['triggeredBy']): Promise<AuditVerificationEntity> {
    const startedAt = this.clock.now();
    // The last good verification anchors the chain: a rewrite of everything after it, or cutting off its tail, still shows.
    const anchor = await this.verifications.findLastGood();
    const anchoredOn = anchor?.finishedAt.toISOString();
    let expected = 1;
    let previous = GENESIS_HASH;
    let beforePrevious: string | null = null;
    let broken: Broken | null = null;

    scan: for (let afterSeq = 0; ;) {
      const page = await this.chain.sealedAfter(afterSeq, VERIFY_PAGE_SIZE);
      for (const event of page) {
        const seq = event.seq!;
        if (seq !== expected) {
          broken = {
            seq: expected,
            reason: 'missing',
            message: `Event #${expected} is missing: the chain jumps from #${expected - 1} to #${seq}`,
          };
          break scan;
        }
        if (event.prevHash !== previous) {
          broken =
            beforePrevious !== null && event.prevHash === beforePrevious
              ? { seq: seq - 1, reason: 'inserted', message: `Event #${seq - 1} was inserted: #${seq} links to the event before it` }
              : {
                  seq,
                  reason: 'reordered',
                  message: `Event #${seq} does not follow #${seq - 1}: events were reordered, or #${seq - 1} was replaced`,
                };
          break scan;
        }
        if (chainHash(event.prevHash, event) !== event.hash) {
          broken = { seq, reason: 'changed', message: `Event #${seq} was changed after it was sealed` };
          break scan;
        }
        if (anchor && seq === anchor.lastSeq && event.hash !== anchor.headHash) {
          broken = {
            seq,
            reason: 'changed',
            message: `Event #${seq} no longer matches the chain verified on ${anchoredOn}: history was rewritten`,
          };
          break scan;
        }
        beforePrevious = previous;
        previous = event.hash!;
        expected += 1;
      }
      if (page.length < VERIFY_PAGE_SIZE) break;
      afterSeq = page[page.length - 1]!.seq!;
    }

    const events = expected - 1;
    if (!broken && anchor?.lastSeq && events < anchor.lastSeq) {
      broken = {
        seq: events + 1,
        reason: 'missing',
        message: `The chain ends at #${events} but reached #${anchor.lastSeq} when verified on ${anchoredOn}: events were removed`,
      };
    }
    return this.verifications.add({
      startedAt,
      finishedAt: this.clock.now(),
      triggeredBy,
      ok: broken === null,
      events,
      lastSeq: events > 0 ? events : null,
      headHash: events > 0 ? previous : null,
      brokenSeq: broken?.seq ?? null,
      reason: broken?.reason ?? null,
      message: broken?.message ?? null,
    });
  }

  latest(): Promise<AuditVerificationEntity | null> {
    return this.verifications.findLatest();
  }
}
