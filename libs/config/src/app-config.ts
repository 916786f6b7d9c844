import 'reflect-metadata';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

export const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:3000';

/** Secrets that ship in this repository for local use; production refuses them. */
export const DEV_JWT_SECRET = 'backr-local-development-secret-change-me-0001';
export const DEV_IDENTITY_SECRET = 'backr-local-identity-key-secret-change-me-01';
export const DEV_PATH_HANDLE_SECRET = 'backr-local-path-handle-secret-change-me-0001';

/**
 * The service's whole configuration, read once from the environment.
 * Nothing else reads process.env: everything receives this object.
 */
export class AppConfig {
  @IsIn(['development', 'test', 'production'], { message: 'NODE_ENV must be one of development, test, production' })
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(toInt)
  @IsInt({ message: 'PORT must be an integer port number' })
  @Min(1, { message: 'PORT must be between 1 and 65535' })
  @Max(65535, { message: 'PORT must be between 1 and 65535' })
  PORT = 3000;

  @IsString()
  @Matches(/^[0-9a-fA-F.:]+$|^localhost$/, { message: 'HOST must be an IP address to listen on, e.g. 127.0.0.1 or 0.0.0.0' })
  HOST = '127.0.0.1';

  @Matches(/^(bolt|neo4j)(\+s|\+ssc)?:\/\/[^\s/]+(:\d+)?\/?$/, {
    message: 'NEO4J_URI must be a Bolt URI such as bolt://127.0.0.1:7687 or neo4j+s://host',
  })
  NEO4J_URI = 'bolt://127.0.0.1:7687';

  @IsString({ message: 'NEO4J_USER must be a user name' })
  @MinLength(1, { message: 'NEO4J_USER must not be empty' })
  NEO4J_USER = 'neo4j';

  @IsString({ message: 'NEO4J_PASSWORD must be a string' })
  NEO4J_PASSWORD = 'local-auth-disabled';

  @IsString()
  NEO4J_DATABASE = 'neo4j';

  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @IsString()
  @Matches(/^[A-Za-z0-9_{}-]{1,64}$/, { message: 'QUEUE_PREFIX must be 1-64 letters, digits, _ - { }' })
  QUEUE_PREFIX = 'backr';

  /** 'on': each API process answers path queries from its in-memory index (Neo4j while it builds); 'off': always Neo4j. */
  @IsIn(['on', 'off'], { message: 'PATH_INDEX must be on or off' })
  PATH_INDEX: 'on' | 'off' = 'on';

  /** How long introPaths waits for this replica's index to apply the viewer's own last write before asking Neo4j instead. */
  @Transform(toInt)
  @IsInt({ message: 'PATH_INDEX_WAIT_MS must be an integer number of milliseconds' })
  @Min(0, { message: 'PATH_INDEX_WAIT_MS must be at least 0' })
  PATH_INDEX_WAIT_MS = 1000;

  /**
   * Which committed changes a path answer from the index must include: 'own-writes' (the asking
   * member's own, on any replica; others' arrive within about a second) or 'all-writes' (every
   * change committed before the question: one more read of the log's counter per search).
   */
  @IsIn(['own-writes', 'all-writes'], { message: 'PATH_INDEX_READS must be own-writes or all-writes' })
  PATH_INDEX_READS: 'own-writes' | 'all-writes' = 'own-writes';

  @ValidateIf((c: AppConfig) => !c.AUTH_JWKS_URL)
  @IsString({ message: 'AUTH_JWT_SECRET is required unless AUTH_JWKS_URL is set' })
  @MinLength(32, { message: 'AUTH_JWT_SECRET must be at least 32 characters' })
  AUTH_JWT_SECRET?: string = DEV_JWT_SECRET;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] }, { message: 'AUTH_JWKS_URL must be an http(s) URL' })
  AUTH_JWKS_URL?: string;

  @IsOptional()
  @IsString()
  AUTH_ISSUER?: string;

  @IsOptional()
  @IsString()
  AUTH_AUDIENCE?: string;

  @IsString()
  @MinLength(32, { message: 'IDENTITY_KEY_SECRET must be at least 32 characters' })
  IDENTITY_KEY_SECRET = DEV_IDENTITY_SECRET;

  @IsString()
  @MinLength(32, { message: 'PATH_HANDLE_SECRET must be at least 32 characters' })
  PATH_HANDLE_SECRET = DEV_PATH_HANDLE_SECRET;

  @Transform(toInt)
  @IsInt({ message: 'PATH_HANDLE_TTL_HOURS must be an integer number of hours' })
  @Min(24, { message: 'PATH_HANDLE_TTL_HOURS must be at least 24' })
  @Max(24 * 30, { message: 'PATH_HANDLE_TTL_HOURS must be at most 720' })
  PATH_HANDLE_TTL_HOURS = 48;

  @Transform(toInt)
  @IsInt({ message: 'INTRO_REMIND_AFTER_SECONDS must be an integer number of seconds' })
  @Min(1, { message: 'INTRO_REMIND_AFTER_SECONDS must be at least 1' })
  INTRO_REMIND_AFTER_SECONDS = 3 * 24 * 3600;

  @Transform(toInt)
  @IsInt({ message: 'INTRO_EXPIRE_AFTER_SECONDS must be an integer number of seconds' })
  @Min(2, { message: 'INTRO_EXPIRE_AFTER_SECONDS must be at least 2' })
  INTRO_EXPIRE_AFTER_SECONDS = 7 * 24 * 3600;

  @Transform(toInt)
  @IsInt({ message: 'INTRO_OUTCOME_NUDGE_AFTER_SECONDS must be an integer number of seconds' })
  @Min(1, { message: 'INTRO_OUTCOME_NUDGE_AFTER_SECONDS must be at least 1' })
  INTRO_OUTCOME_NUDGE_AFTER_SECONDS = 14 * 24 * 3600;

  @Transform(toInt)
  @IsInt({ message: 'INTRO_WEEKLY_ASKS_PER_BROKER must be an integer' })
  @Min(1, { message: 'INTRO_WEEKLY_ASKS_PER_BROKER must be at least 1' })
  @Max(1000, { message: 'INTRO_WEEKLY_ASKS_PER_BROKER must be at most 1000' })
  INTRO_WEEKLY_ASKS_PER_BROKER = 10;

  @Transform(toInt)
  @IsInt({ message: 'INTRO_SHARE_OPEN_PER_BROKER must be an integer' })
  @Min(1, { message: 'INTRO_SHARE_OPEN_PER_BROKER must be at least 1' })
  INTRO_SHARE_OPEN_PER_BROKER = 1;

  @Transform(toInt)
  @IsInt({ message: 'INTRO_SHARE_WEEKLY_PER_BROKER must be an integer' })
  @Min(1, { message: 'INTRO_SHARE_WEEKLY_PER_BROKER must be at least 1' })
  INTRO_SHARE_WEEKLY_PER_BROKER = 2;

  @Transform(toInt)
  @IsInt({ message: 'INTRO_WAIT_MAX_SECONDS must be an integer number of seconds' })
  @Min(1, { message: 'INTRO_WAIT_MAX_SECONDS must be at least 1' })
  INTRO_WAIT_MAX_SECONDS = 48 * 3600;

  /** How long past its deadline an open ask must be before the worker's sweep ends it itself (its expiry job failed for good or was lost). */
  @Transform(toInt)
  @IsInt({ message: 'INTRO_SWEEP_AFTER_SECONDS must be an integer number of seconds' })
  @Min(1, { message: 'INTRO_SWEEP_AFTER_SECONDS must be at least 1' })
  INTRO_SWEEP_AFTER_SECONDS = 300;

  /** An ask left unanswered this long: the broker counts as not answering (ranking learns it) and the member is offered another path. */
  @Transform(toInt)
  @IsInt({ message: 'INTRO_ASK_UNANSWERED_SECONDS must be an integer number of seconds' })
  @Min(1, { message: 'INTRO_ASK_UNANSWERED_SECONDS must be at least 1' })
  INTRO_ASK_UNANSWERED_SECONDS = 48 * 3600;

  @Transform(toInt)
  @IsInt({ message: 'NEO4J_SLOW_QUERY_MS must be an integer number of milliseconds (0 = off)' })
  @Min(0, { message: 'NEO4J_SLOW_QUERY_MS must be at least 0' })
  NEO4J_SLOW_QUERY_MS = 0;

  @Transform(toInt)
  @IsInt({ message: 'IMPORT_MAX_BYTES must be an integer number of bytes' })
  @Min(1024, { message: 'IMPORT_MAX_BYTES must be at least 1024' })
  @Max(11 * 1024 * 1024, { message: 'IMPORT_MAX_BYTES must be at most 11534336 (the API accepts request bodies up to 12 MB)' })
  IMPORT_MAX_BYTES = 10 * 1024 * 1024;

  @Transform(toInt)
  @IsInt({ message: 'IMPORT_BATCH_SIZE must be an integer' })
  @Min(1, { message: 'IMPORT_BATCH_SIZE must be at least 1' })
  @Max(5000, { message: 'IMPORT_BATCH_SIZE must be at most 5000' })
  IMPORT_BATCH_SIZE = 1000;

  /** Age before the sweep checks an unfinished import's queue job: above the outbox's 30 s, so a job on its way is not taken for lost. */
  @Transform(toInt)
  @IsInt({ message: 'IMPORT_SWEEP_AFTER_SECONDS must be an integer number of seconds' })
  @Min(1, { message: 'IMPORT_SWEEP_AFTER_SECONDS must be at least 1' })
  IMPORT_SWEEP_AFTER_SECONDS = 60;

  @Transform(toInt)
  @IsInt({ message: 'COACH_CAPACITY must be an integer number of members' })
  @Min(1, { message: 'COACH_CAPACITY must be at least 1' })
  @Max(500, { message: 'COACH_CAPACITY must be at most 500' })
  COACH_CAPACITY = 25;

  @Transform(toInt)
  @IsInt({ message: 'COACH_STALL_AFTER_SECONDS must be an integer number of seconds' })
  @Min(1, { message: 'COACH_STALL_AFTER_SECONDS must be at least 1' })
  COACH_STALL_AFTER_SECONDS = 14 * 24 * 3600;

  @Transform(toInt)
  @IsInt({ message: 'COACH_REACH_MAX_AGE_SECONDS must be an integer number of seconds' })
  @Min(0, { message: 'COACH_REACH_MAX_AGE_SECONDS must be at least 0' })
  COACH_REACH_MAX_AGE_SECONDS = 3600;

  @Transform(toInt)
  @IsInt({ message: 'COACH_NUDGE_EVERY_SECONDS must be an integer number of seconds' })
  @Min(1, { message: 'COACH_NUDGE_EVERY_SECONDS must be at least 1' })
  COACH_NUDGE_EVERY_SECONDS = 3600;

  @Transform(toInt)
  @IsInt({ message: 'WORKER_LOCK_MS must be an integer number of milliseconds' })
  @Min(1000, { message: 'WORKER_LOCK_MS must be at least 1000' })
  @Max(600_000, { message: 'WORKER_LOCK_MS must be at most 600000' })
  WORKER_LOCK_MS = 30_000;

  /** Fault injection for the reliability tests only: hold named jobs this long after their work, before they are acknowledged. */
  @Transform(toInt)
  @IsInt({ message: 'WORKER_FAULT_DELAY_MS must be an integer number of milliseconds' })
  @Min(0, { message: 'WORKER_FAULT_DELAY_MS must be at least 0' })
  WORKER_FAULT_DELAY_MS = 0;

  @IsString()
  WORKER_FAULT_JOBS = '';

  @IsIn(['outbox', 'smtp'], { message: 'NOTIFY_TRANSPORT must be outbox (local files) or smtp' })
  NOTIFY_TRANSPORT: 'outbox' | 'smtp' = 'outbox';

  @ValidateIf((c: AppConfig) => c.NOTIFY_TRANSPORT === 'smtp')
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL when NOTIFY_TRANSPORT is smtp' })
  SMTP_URL?: string;

  @IsString()
  @MinLength(3, { message: 'NOTIFY_FROM must be a sender address' })
  NOTIFY_FROM = 'Backr <no-reply@backr.local>';

  @IsString()
  @MinLength(1, { message: 'OUTBOX_DIR must be a folder path' })
  OUTBOX_DIR = '.run/outbox';

  @IsString()
  @MinLength(3, { message: 'DATA_CONTROLLER must name who holds the data' })
  DATA_CONTROLLER = 'the Backr network service run by your local employment-support organisation';

  @IsString()
  @MinLength(3, { message: 'PRIVACY_CONTACT must say how to object, e.g. an email address' })
  PRIVACY_CONTACT = 'privacy@backr.local';

  // GraphQL limits: a request over any of them is refused before it runs.
  @Transform(toInt)
  @IsInt({ message: 'GRAPHQL_MAX_DEPTH must be an integer' })
  @Min(2, { message: 'GRAPHQL_MAX_DEPTH must be at least 2' })
  GRAPHQL_MAX_DEPTH = 10;

  @Transform(toInt)
  @IsInt({ message: 'GRAPHQL_MAX_ALIASES must be an integer' })
  @Min(0, { message: 'GRAPHQL_MAX_ALIASES must be at least 0' })
  GRAPHQL_MAX_ALIASES = 15;

  @Transform(toInt)
  @IsInt({ message: 'GRAPHQL_MAX_TOKENS must be an integer' })
  @Min(100, { message: 'GRAPHQL_MAX_TOKENS must be at least 100' })
  GRAPHQL_MAX_TOKENS = 2000;

  @Transform(toInt)
  @IsInt({ message: 'GRAPHQL_MAX_DIRECTIVES must be an integer' })
  @Min(0, { message: 'GRAPHQL_MAX_DIRECTIVES must be at least 0' })
  GRAPHQL_MAX_DIRECTIVES = 10;

  @Transform(toInt)
  @IsInt({ message: 'GRAPHQL_MAX_COST must be an integer' })
  @Min(10, { message: 'GRAPHQL_MAX_COST must be at least 10' })
  GRAPHQL_MAX_COST = 5000;

  /** Introspection is off in production unless this is set (schema tooling against a private deployment). */
  @Transform(toBool)
  @IsOptional()
  @IsIn([true, false], { message: 'GRAPHQL_INTROSPECTION must be true or false' })
  GRAPHQL_INTROSPECTION?: boolean;

  /** Largest request body; imports send their file in the body, so it must exceed IMPORT_MAX_BYTES (JSON escaping included). */
  @Transform(toInt)
  @IsInt({ message: 'BODY_LIMIT_BYTES must be an integer number of bytes' })
  @Min(1024, { message: 'BODY_LIMIT_BYTES must be at least 1024' })
  BODY_LIMIT_BYTES = 12 * 1024 * 1024;

  // Rate limits (Redis-backed, shared by every API replica). 0 turns a limit off.
  @Transform(toInt)
  @IsInt({ message: 'RATE_LIMIT_ACCOUNT_PER_MINUTE must be an integer' })
  @Min(0, { message: 'RATE_LIMIT_ACCOUNT_PER_MINUTE must be at least 0' })
  RATE_LIMIT_ACCOUNT_PER_MINUTE = 600;

  @Transform(toInt)
  @IsInt({ message: 'RATE_LIMIT_IP_PER_MINUTE must be an integer' })
  @Min(0, { message: 'RATE_LIMIT_IP_PER_MINUTE must be at least 0' })
  RATE_LIMIT_IP_PER_MINUTE = 3000;

  /** Live updates: open subscriptions one graphql-ws socket may hold, and one account across its sockets (per API replica). */
  @Transform(toInt)
  @IsInt({ message: 'LIVE_MAX_SUBSCRIPTIONS_PER_SOCKET must be an integer' })
  @Min(1, { message: 'LIVE_MAX_SUBSCRIPTIONS_PER_SOCKET must be at least 1' })
  LIVE_MAX_SUBSCRIPTIONS_PER_SOCKET = 20;

  @Transform(toInt)
  @IsInt({ message: 'LIVE_MAX_SUBSCRIPTIONS_PER_ACCOUNT must be an integer' })
  @Min(1, { message: 'LIVE_MAX_SUBSCRIPTIONS_PER_ACCOUNT must be at least 1' })
  LIVE_MAX_SUBSCRIPTIONS_PER_ACCOUNT = 50;

  @Transform(toInt)
  @IsInt({ message: 'RATE_LIMIT_INTRO_PER_HOUR must be an integer' })
  @Min(0, { message: 'RATE_LIMIT_INTRO_PER_HOUR must be at least 0' })
  RATE_LIMIT_INTRO_PER_HOUR = 20;

  @Transform(toInt)
  @IsInt({ message: 'RATE_LIMIT_IMPORT_PER_HOUR must be an integer' })
  @Min(0, { message: 'RATE_LIMIT_IMPORT_PER_HOUR must be at least 0' })
  RATE_LIMIT_IMPORT_PER_HOUR = 5;

  /**
   * Express's trust-proxy setting, so the address limit sees the client behind a reverse proxy:
   * false (default: the socket's address), a number of hops, or addresses/subnets such as loopback.
   */
  @Matches(/^(false|true|\d{1,2}|[\w.:/, -]+)$/, {
    message: 'TRUST_PROXY must be false, a number of proxy hops, or proxy addresses (e.g. loopback, 10.0.0.0/8)',
  })
  TRUST_PROXY = 'false';

  /** Base of links in messages (the objection link in a first message to someone without an account). */
  @IsUrl({ require_tld: false, require_protocol: true }, { message: 'PUBLIC_URL must be an http(s) URL, e.g. https://backr.example.org' })
  PUBLIC_URL = DEFAULT_PUBLIC_URL;

  @Transform(toBool)
  @IsIn([true, false], { message: 'MIGRATE_ON_START must be true or false' })
  MIGRATE_ON_START = true;

  @IsIn(['debug', 'info', 'warn', 'error'], { message: 'LOG_LEVEL must be one of debug, info, warn, error' })
  LOG_LEVEL: 'debug' | 'info' | 'warn' | 'error' = 'info';

  @IsOptional()
  @IsString()
  SCHEMA_FILE?: string;

  /** The web app's OpenID Connect client at AUTH_ISSUER (authorization code + PKCE); empty: no OIDC sign-in. */
  @IsString()
  @Matches(/^[\w.:-]{0,200}$/, { message: 'WEB_OIDC_CLIENT_ID must be a client id (letters, digits, . : _ -)' })
  WEB_OIDC_CLIENT_ID = '';

  /** Scopes the web app asks the identity provider for. */
  @IsString()
  WEB_OIDC_SCOPE = 'openid profile email';

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  /** TRUST_PROXY as Express takes it. */
  get trustProxy(): boolean | number | string {
    if (this.TRUST_PROXY === 'false' || this.TRUST_PROXY === 'true') return this.TRUST_PROXY === 'true';
    return /^\d+$/.test(this.TRUST_PROXY) ? Number(this.TRUST_PROXY) : this.TRUST_PROXY;
  }

  get introspection(): boolean {
    return this.GRAPHQL_INTROSPECTION ?? !this.isProduction;
  }
}
