import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { allConfigGroups } from './config';

@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      // parseConfig owns validation and .env loading happens in loadConfigOrExit.
      ignoreEnvFile: true,
      load: allConfigGroups,
    }),
  ],
})
export class CoreConfigModule {}
