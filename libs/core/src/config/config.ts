import { ConfigFactoryKeyHost, ConfigObject, ConfigType, registerAs } from '@nestjs/config';
import type { ServiceProcess } from '../lifecycle';
import { logFatal } from '../logging/process-logger';
import { ConfigGroupReader, parseConfig, parseConfigGroups, registerConfigGroupReader, ResetDeskConfig } from './config.schema';

// The environment is the one input; every typed group below is a slice of one parse.
function load(): ResetDeskConfig {
  return parseConfig(process.env);
}

export const appConfig = registerAs('app', () => load().app);
export const databaseConfig = registerAs('database', () => load().database);
export const redisConfig = registerAs('redis', () => load().redis);
export const mailConfig = registerAs('mail', () => load().mail);
export const securityConfig = registerAs('security', () => load().security);
export const auditConfig = registerAs('audit', () => load().audit);
export const remindersConfig = registerAs('reminders', () => load().reminders);
export const directoryConfig = registerAs('directory', () => load().directory);

export type AppConfigType = ConfigType<typeof appConfig>;
export type DatabaseConfigType = ConfigType<typeof databaseConfig>;
export type RedisConfigType = ConfigType<typeof redisConfig>;
export type MailConfigType = ConfigType<typeof mailConfig>;
export type SecurityConfigType = ConfigType<typeof securityConfig>;
export type AuditConfigType = ConfigType<typeof auditConfig>;
export type RemindersConfigType = ConfigType<typeof remindersConfig>;
export type DirectoryConfigType = ConfigType<typeof directoryConfig>;

export const allConfigGroups = [
  appConfig,
  databaseConfig,
  redisConfig,
  mailConfig,
  securityConfig,
  auditConfig,
  remindersConfig,
  directoryConfig,
];

/**
 * A domain's own settings group, declared in its lib (`libs/chat/src/chat.config.ts`): read with the
 * shared EnvReader, validated at boot together with every other group, and injected by its KEY in
 * the modules that import `ConfigModule.forFeature(group)`.
 */
export function defineConfigGroup<T extends ConfigObject>(key: string, read: ConfigGroupReader<T>): ConfigGroup<T> {
  registerConfigGroupReader(key, read);
  return Object.assign(
    registerAs(key, (): T => parseConfigGroups(process.env)[key] as T),
    { groupKey: key },
  );
}

export type ConfigGroup<T> = (() => T) & ConfigFactoryKeyHost<T> & { readonly groupKey: string };

/** The configuration an entry point starts with: the core groups, and any domain group through `of` (`config.of(chatConfig)`). */
export type LoadedConfig = ResetDeskConfig & { of<T>(group: ConfigGroup<T>): T };

/**
 * Reads the environment (and `.env`, when present) for an entry point; exits with one line on bad
 * values: a JSON log line for the API and the worker, plain text for the CLI.
 */
export function loadConfigOrExit(processName?: ServiceProcess): LoadedConfig {
  try {
    if (typeof process.loadEnvFile === 'function') {
      try {
        process.loadEnvFile();
      } catch {
        // No .env file: the environment alone is the configuration.
      }
    }
    const groups = parseConfigGroups(process.env);
    return { ...parseConfig(process.env), of: <T>(group: ConfigGroup<T>) => groups[group.groupKey] as T };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (processName) logFatal(processName, message);
    else process.stderr.write(`${message}\n`);
    process.exit(1);
  }
}

/** Inputs of operator commands that come from the environment (never logged): the password for staff:create. */
export interface OperatorInput {
  password?: string;
}

export function operatorInput(): OperatorInput {
  return { password: process.env.RESETDESK_PASSWORD || undefined };
}
