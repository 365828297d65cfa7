export * from './directory.errors';
export * from './directory-connection';
export * from './password-directory';
export * from './directory.module';
export * from './sync/directory-sync-run.entity';
export * from './sync/directory-sync-runs.repository';
export * from './directory.exception';
