export * from './system.exception';
export * from './system.module';
export * from './system.service';
export * from './system-status.types';
