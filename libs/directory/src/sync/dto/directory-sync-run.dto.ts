import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Filters, ListSpec } from '@resetdesk/core';
import { IsIn, IsOptional } from 'class-validator';
import { DirectorySyncMode, DirectorySyncRunEntity, DirectorySyncStatus, DirectorySyncTrigger } from '../directory-sync-run.entity';
import { DirectorySyncRunFilter } from '../directory-sync-runs.repository';

const STATUSES = ['running', 'succeeded', 'failed'] as const;
const MODES = ['full', 'incremental'] as const;
const TRIGGERS = ['schedule', 'cli', 'admin'] as const;

export const directorySyncRunListSpec: ListSpec<DirectorySyncRunFilter> = {
  resource: 'directory-sync-runs',
  sortable: ['id'],
  defaultSort: { field: 'id', order: 'DESC' },
  filters: { status: Filters.oneOf(STATUSES), mode: Filters.oneOf(MODES), trigger: Filters.oneOf(TRIGGERS) },
};

/** An admin's "sync now". */
export class RequestDirectorySyncDto {
  @ApiPropertyOptional({
    enum: MODES,
    description: 'default: incremental after a good run, full otherwise or when the last full run is a day old',
  })
  @IsOptional()
  @IsIn(MODES)
  mode?: DirectorySyncMode;
}

/** What the request queued (or found already queued). */
export class DirectorySyncQueuedDto {
  @ApiProperty({ example: 'directory-sync-requested' }) jobId: string;
  @ApiPropertyOptional({ enum: MODES, nullable: true }) mode: DirectorySyncMode | null;
  @ApiProperty({ description: 'true when a sync asked for earlier had not finished yet: this request joined it' }) alreadyQueued: boolean;
}

/** One directory sync as supervisors see it. */
export class DirectorySyncRunDto {
  @ApiProperty() id: number;
  @ApiProperty({ enum: MODES }) mode: DirectorySyncMode;
  @ApiProperty({ enum: TRIGGERS }) trigger: DirectorySyncTrigger;
  @ApiPropertyOptional({ type: Number, nullable: true }) requestedByStaffId: number | null;
  @ApiProperty({ enum: STATUSES }) status: DirectorySyncStatus;
  @ApiProperty() seen: number;
  @ApiProperty() created: number;
  @ApiProperty() updated: number;
  @ApiProperty() unchanged: number;
  @ApiProperty({ description: 'accounts disabled because their entry left the directory' }) disabled: number;
  @ApiProperty({ description: 'entries not synced (a username or email taken, none at all); named in error' }) conflicts: number;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'why it failed, or which entries were not synced' }) error:
    string | null;
  @ApiProperty() startedAt: string;
  @ApiPropertyOptional({ type: String, nullable: true }) finishedAt: string | null;
}

export function toDirectorySyncRunDto(run: DirectorySyncRunEntity): DirectorySyncRunDto {
  return {
    id: run.id,
    mode: run.mode,
    trigger: run.trigger,
    requestedByStaffId: run.requestedByStaffId,
    status: run.status,
    seen: run.seen,
    created: run.created,
    updated: run.updated,
    unchanged: run.unchanged,
    disabled: run.disabled,
    conflicts: run.conflicts,
    error: run.error,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}
