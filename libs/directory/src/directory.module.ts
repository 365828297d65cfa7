import { Module } from '@nestjs/common';
import { DirectoryConnection } from './directory-connection';

/** The configured directory's connection; the LDAP and AD stores and the sync build on it. */
@Module({
  providers: [DirectoryConnection],
  exports: [DirectoryConnection],
})
export class DirectoryModule {}
