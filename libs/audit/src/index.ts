export * from './audit-event.entity';
export * from './audit-recorder.service';
export * from './audit.module';
export * from './audit.types';
export * from './redact-details';
export * from './request-context.decorator';
