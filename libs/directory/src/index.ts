export * from './directory.errors';
export * from './directory-connection';
export * from './password-directory';
export * from './directory.module';
