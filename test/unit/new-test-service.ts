import { JwtService } from '@nestjs/jwt';
import { Test } from '@nestjs/testing';
import { parseConfigGroups, ResetDeskConfig } from '@resetdesk/core';
import { getMetadataArgsStorage } from 'typeorm';
import { TEST_NOW } from '../factories/small.factory';
import { FakeAuditRecorder, FakeClock, FakeOutboxService, FakePasswordSetter, FakePoliciesService } from './fakes/collaborators.fake';
import { InMemoryDb } from './fakes/in-memory-db';
import {
  FakeAccountsRepository,
  FakeMfaChallengeRepository,
  FakeRecoveryCodeRepository,
  FakeReminderRunsRepository,
  FakeResetsRepository,
  FakeStaffRepository,
  FakeStaffSessionRepository,
  FakeTicketsRepository,
  FakeVerificationRepository,
} from './fakes/repositories.fake';
import { FakeSignInAttempts } from './fakes/sign-in-attempts.fake';
import { FakeDataSource, FakeEntityRepository } from './fakes/typeorm.fake';

type Type<T> = abstract new (...args: never[]) => T;
/** Core groups are typed; a domain's group (`auth`, `chat`) by its key. */
type ConfigOverrides = { [G in keyof ResetDeskConfig]?: Partial<ResetDeskConfig[G]> } & Record<string, object | undefined>;

export interface TestServiceOptions {
  /** Where the fixed clock starts (default TEST_NOW). */
  now?: Date;
  /** Config groups as parsed from a test environment, with these values on top: `{ chat: { outboundUrl: '…' } }`. */
  config?: ConfigOverrides;
  /** Collaborators that are pure code (hashing, TOTP, signing) and run for real, built by Nest with the same fakes. */
  real?: Array<Type<unknown>>;
  /** Anything else to inject, by token: a hand-written fake, or a value the spec built. */
  provide?: Array<[token: unknown, value: unknown]>;
}

export interface TestService<S> {
  sut: S;
  db: InMemoryDb;
  clock: FakeClock;
  audit: FakeAuditRecorder;
  outbox: FakeOutboxService;
  /** What was injected for a token: a fake (`get(StaffRepository)` is the FakeStaffRepository) or a real collaborator. */
  get<T>(token: Type<T> | string): T;
}

interface World {
  db: InMemoryDb;
  clock: FakeClock;
  /** Every configuration group by key: the core ones and those of the domains the spec loaded. */
  config: Record<string, object>;
}

/**
 * The fakes, by the class name of what they stand for: a class that moves
 * to another lib keeps its fake.
 */
const FAKES: Record<string, (world: World) => unknown> = {
  Clock: ({ clock }) => clock,
  DataSource: ({ db }) => new FakeDataSource(db),
  AuditRecorder: ({ db }) => new FakeAuditRecorder(db),
  OutboxService: ({ db }) => new FakeOutboxService(db),
  AccountsRepository: ({ db }) => new FakeAccountsRepository(db),
  StaffRepository: ({ db }) => new FakeStaffRepository(db),
  StaffSessionRepository: ({ db }) => new FakeStaffSessionRepository(db),
  MfaChallengeRepository: ({ db }) => new FakeMfaChallengeRepository(db),
  RecoveryCodeRepository: ({ db }) => new FakeRecoveryCodeRepository(db),
  TicketsRepository: ({ db }) => new FakeTicketsRepository(db),
  VerificationRepository: ({ db }) => new FakeVerificationRepository(db),
  ResetsRepository: ({ db }) => new FakeResetsRepository(db),
  ReminderRunsRepository: ({ db }) => new FakeReminderRunsRepository(db),
  PasswordSetter: ({ db, clock }) => new FakePasswordSetter(db, clock),
  PoliciesService: () => new FakePoliciesService(),
  SignInAttemptsService: ({ db }) => new FakeSignInAttempts(db),
  JwtService: ({ config }) => new JwtService({ secret: (config.auth as { jwtSecret: string }).jwtSecret }),
};

/**
 * Builds `Service` the way Nest would, with every dependency it asks for
 * answered in memory: repositories by their fakes over one InMemoryDb,
 * TypeORM's DataSource (and `@InjectRepository` tokens) by FakeDataSource,
 * the clock fixed, the audit trail and the outbox recorded, config parsed
 * from a test environment. The service itself is the real one. A dependency
 * nobody faked is injected as a stand-in that throws, naming itself, as soon
 * as the service calls it: a spec only needs fakes for what its rule uses.
 */
export async function newTestService<S>(Service: Type<S>, options: TestServiceOptions = {}): Promise<TestService<S>> {
  const world: World = { db: new InMemoryDb(), clock: new FakeClock(options.now ?? TEST_NOW), config: configWith(options.config ?? {}) };
  // One instance per token, kept by name: `get('AuditRecorder')` and the service's AuditRecorder are the same fake.
  const given = new Map<string, unknown>([
    // `@Inject(authConfig.KEY)` asks for the token CONFIGURATION(auth).
    ...Object.entries(world.config).map(([group, values]): [string, unknown] => [`CONFIGURATION(${group})`, values]),
    ...(options.provide ?? []).map(([token, value]): [string, unknown] => [nameOf(token), value]),
  ]);
  const answer = (token: unknown): unknown => {
    const name = nameOf(token);
    if (!given.has(name)) given.set(name, make(name));
    return given.get(name);
  };
  const make = (name: string): unknown => {
    if (FAKES[name]) return FAKES[name](world);
    // @InjectRepository(XEntity): the TypeORM repository over the same table as DataSource.getRepository(XEntity).
    const entity = name.match(/^(\w+Entity)Repository$/)?.[1];
    if (entity) return new FakeEntityRepository(world.db, entityClass(entity));
    return notFaked(Service.name, name);
  };

  const moduleRef = await Test.createTestingModule({ providers: [Service, ...(options.real ?? [])] as never[] })
    .useMocker(answer)
    .compile();

  return {
    sut: moduleRef.get(Service as never),
    db: world.db,
    clock: world.clock,
    audit: answer('AuditRecorder') as FakeAuditRecorder,
    outbox: answer('OutboxService') as FakeOutboxService,
    get: <T>(token: Type<T> | string): T =>
      typeof token === 'function' && (options.real ?? []).includes(token) ? moduleRef.get<T>(token as never) : (answer(token) as T),
  };
}

function nameOf(token: unknown): string {
  return typeof token === 'function' ? token.name : String(token);
}

function configWith(overrides: ConfigOverrides): Record<string, object> {
  const config = parseConfigGroups({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MFA_REQUIRED_ROLES: '' }) as Record<string, object>;
  for (const [group, values] of Object.entries(overrides)) {
    if (!config[group]) throw new Error(`newTestService: no configuration group "${group}" is loaded`);
    Object.assign(config[group], values);
  }
  return config;
}

/** The @Entity() class of that name, among those the service's imports loaded. */
function entityClass(name: string): new () => object {
  const target = getMetadataArgsStorage().tables.find((table) => typeof table.target === 'function' && table.target.name === name)?.target;
  if (typeof target !== 'function') throw new Error(`newTestService: no @Entity() class named ${name} is loaded`);
  return target as new () => object;
}

/** Lifecycle hooks and thenable checks Nest and `await` may look for; a stand-in answers them with "not here". */
const PROBED = new Set([
  'then',
  'onModuleInit',
  'onApplicationBootstrap',
  'onModuleDestroy',
  'beforeApplicationShutdown',
  'onApplicationShutdown',
]);

function notFaked(service: string, dependency: string): object {
  return new Proxy(
    {},
    {
      get(_target, property) {
        if (typeof property === 'symbol' || PROBED.has(property)) return undefined;
        return () => {
          throw new Error(
            `${service} called ${dependency}.${property}(), which nothing fakes: add a fake in test/unit/new-test-service.ts, pass one in provide, or list the real class in real`,
          );
        };
      },
    },
  );
}
