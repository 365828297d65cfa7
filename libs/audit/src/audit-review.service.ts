import { Injectable } from '@nestjs/common';
import { ListQuery, Page, RequestContext } from '@resetdesk/core';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import { AuditEventsRepository } from './audit-events.repository';
import { AuditErrorCode, AuditException } from './audit.exception';
import { AuditRecorder } from './audit-recorder.service';
import { AUDIT_ACTION_LABELS, AuditAction, AuditActor } from './audit.types';
import { AuditChainRepository } from './chain/audit-chain.repository';
import { AuditVerifier } from './chain/audit-verifier.service';
import { csvStream } from './csv';
import { AuditEventListFilter, auditEventListSpec } from './dto/audit-event-list.query';
import { AuditEventDto, AuditStaffMemberDto, ChainStatusDto, toAuditEventDto, toChainStatusDto } from './dto/audit-event.dto';

export interface CsvExport {
  rows: number;
  pipeTo(out: Writable): Promise<void>;
}

export const CSV_COLUMNS = [
  'seq',
  'id',
  'occurredAt',
  'localTime',
  'timeZone',
  'actorType',
  'actorId',
  'actorLabel',
  'actorName',
  'action',
  'actionName',
  'targetType',
  'targetId',
  'targetName',
  'ticketId',
  'accountId',
  'accountName',
  'ip',
  'userAgent',
  'details',
  'hash',
];

/**
 * "2026-12-01 09:20:24 +01:00" in the zone the reader asked for (the zone is its own column beside it). The offset
 * tells apart the two instants an autumn DST change prints the same.
 */
function localTimeIn(timeZone: string): (date: string) => string {
  const format = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'longOffset',
  });
  return (date) => {
    const parts = Object.fromEntries(format.formatToParts(new Date(date)).map((part) => [part.type, part.value]));
    // Intl writes a negative offset with U+2212; spreadsheets and ISO parsers read the ASCII hyphen.
    const offset = parts.timeZoneName!.replace('GMT', '').replace('\u2212', '-') || '+00:00';
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${offset}`;
  };
}

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
    const names = await this.events.namesFor(rows);
    return new Page(
      auditEventListSpec.resource,
      rows.map((row) => toAuditEventDto(row, names)),
      total,
      query.skip,
    );
  }

  async get(id: number): Promise<AuditEventDto> {
    const event = await this.events.findById(id);
    if (!event) throw new AuditException(AuditErrorCode.NotFound, `Audit event ${id} does not exist`);
    return toAuditEventDto(event, await this.events.namesFor([event]));
  }

  /** The staff picker's choices: everyone who may appear as a staff actor. */
  staffMembers(): Promise<AuditStaffMemberDto[]> {
    return this.events.staffMembers();
  }

  /**
   * The filtered trail as CSV in id order, streamed a page at a time with
   * back-pressure (a slow or aborted download stops the reading). The export
   * itself is recorded before the first byte.
   */
  async exportCsv(actor: AuditActor, filter: Partial<AuditEventListFilter>, timeZone: string, context: RequestContext): Promise<CsvExport> {
    const rows = await this.events.count(filter);
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, {
        actor,
        action: AuditAction.AuditExported,
        target: { type: 'audit-events' },
        context,
        details: { filter, rows, timeZone },
      }),
    );
    const pages = this.events.stream(filter);
    const events = this.events;
    const localTime = localTimeIn(timeZone);
    async function* records() {
      for await (const page of pages) {
        const names = await events.namesFor(page);
        for (const event of page) {
          const row = toAuditEventDto(event, names);
          yield {
            ...row,
            localTime: localTime(row.occurredAt),
            timeZone,
            actionName: AUDIT_ACTION_LABELS[row.action as AuditAction] ?? row.action,
          };
        }
      }
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
