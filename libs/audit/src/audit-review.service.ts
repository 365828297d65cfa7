import { Injectable } from '@nestjs/common';
import { ListQuery, Page, RequestContext } from '@resetdesk/core';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import { AuditEventsRepository } from './audit-events.repository';
import { AuditErrorCode, AuditException } from './audit.exception';
import { AuditRecorder } from './audit-recorder.service';
import { AuditAction, AuditActor } from './audit.types';
import { AuditChainRepository } from './chain/audit-chain.repository';
import { AuditVerifier } from './chain/audit-verifier.service';
import { csvStream } from './csv';
import { AuditEventListFilter, auditEventListSpec } from './dto/audit-event-list.query';
import { AuditEventDto, ChainStatusDto, toAuditEventDto, toChainStatusDto } from './dto/audit-event.dto';

export interface CsvExport {
  rows: number;
  pipeTo(out: Writable): Promise<void>;
}

export const CSV_COLUMNS = [
  'seq',
  'id',
  'occurredAt',
  'actorType',
  'actorId',
  'actorLabel',
  'action',
  'targetType',
  'targetId',
  'ticketId',
  'accountId',
  'ip',
  'userAgent',
  'details',
  'hash',
];

/** What supervisors do with the trail: read it, export it, check the chain. */
@Injectable()
export class AuditReviewService {
  constructor(
    private readonly events: AuditEventsRepository,
    private readonly chain: AuditChainRepository,
    private readonly verifier: AuditVerifier,
    private readonly audit: AuditRecorder,
    private readonly dataSource: DataSource,
  ) {}

  async list(query: ListQuery<AuditEventListFilter>): Promise<Page<AuditEventDto>> {
    const [rows, total] = await this.events.list(query);
    return new Page(auditEventListSpec.resource, rows.map(toAuditEventDto), total, query.skip);
  }

  async get(id: number): Promise<AuditEventDto> {
    const event = await this.events.findById(id);
    if (!event) throw new AuditException(AuditErrorCode.NotFound, `Audit event ${id} does not exist`);
    return toAuditEventDto(event);
  }

  /**
   * The filtered trail as CSV in id order, streamed a page at a time with
   * back-pressure (a slow or aborted download stops the reading). The export
   * itself is recorded before the first byte.
   */
  async exportCsv(actor: AuditActor, filter: Partial<AuditEventListFilter>, context: RequestContext): Promise<CsvExport> {
    const rows = await this.events.count(filter);
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, {
        actor,
        action: AuditAction.AuditExported,
        target: { type: 'audit-events' },
        context,
        details: { filter, rows },
      }),
    );
    const pages = this.events.stream(filter);
    async function* records() {
      for await (const page of pages) for (const event of page) yield toAuditEventDto(event);
    }
    return { rows, pipeTo: (out) => pipeline(Readable.from(records()), csvStream(CSV_COLUMNS), out) };
  }

  async verify(actor: AuditActor, context: RequestContext | null, triggeredBy: 'api' | 'cli'): Promise<ChainStatusDto> {
    const result = await this.verifier.verify(triggeredBy);
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, {
        actor,
        action: AuditAction.AuditVerified,
        target: { type: 'audit-events' },
        context,
        details: { ok: result.ok, events: result.events, brokenAtSeq: result.brokenSeq, reason: result.reason },
      }),
    );
    return toChainStatusDto(result, await this.chain.countUnsealed());
  }

  async chainStatus(): Promise<ChainStatusDto> {
    return toChainStatusDto(await this.verifier.latest(), await this.chain.countUnsealed());
  }
}
