export * from './mail-catcher.module';
export * from './mail-catcher.service';
export * from './smtp-sink';
