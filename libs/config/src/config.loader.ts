import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppConfig, DEFAULT_PUBLIC_URL, DEV_IDENTITY_SECRET, DEV_JWT_SECRET, DEV_PATH_HANDLE_SECRET } from './app-config.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Builds and validates the config; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const picked: Record<string, string> = {};
  for (const key of [...known, 'AUTH_JWKS_URL', 'AUTH_ISSUER', 'AUTH_AUDIENCE', 'SCHEMA_FILE', 'SMTP_URL', 'GRAPHQL_INTROSPECTION']) {
    const value = env[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const config = plainToInstance(AppConfig, picked, { exposeDefaultValues: true });
  const problems = validateSync(config, { forbidUnknownValues: false }).flatMap((e) =>
    Object.values(e.constraints ?? {}).map((m) => `${m} (got ${describe(e.property, e.value)})`),
  );
  if (config.isProduction) {
    if (!config.AUTH_JWKS_URL && config.AUTH_JWT_SECRET === DEV_JWT_SECRET)
      problems.push('AUTH_JWT_SECRET must be set to your own secret in production (the development default is refused)');
    if (config.PATH_HANDLE_SECRET === DEV_PATH_HANDLE_SECRET)
      problems.push('PATH_HANDLE_SECRET must be set to your own secret in production (the development default is refused)');
    if (config.IDENTITY_KEY_SECRET === DEV_IDENTITY_SECRET)
      problems.push('IDENTITY_KEY_SECRET must be set to your own secret in production (the development default is refused)');
    if (config.WORKER_FAULT_DELAY_MS > 0) problems.push('WORKER_FAULT_DELAY_MS is for the reliability tests and must not be set in production');
    if (config.PUBLIC_URL === DEFAULT_PUBLIC_URL) problems.push('PUBLIC_URL must be set in production (the objection link in messages points at it)');
    if (config.RATE_LIMIT_ACCOUNT_PER_MINUTE === 0 || config.RATE_LIMIT_IP_PER_MINUTE === 0)
      problems.push('RATE_LIMIT_ACCOUNT_PER_MINUTE and RATE_LIMIT_IP_PER_MINUTE must not be 0 (off) in production');
    if (config.NOTIFY_TRANSPORT !== 'smtp')
      problems.push('NOTIFY_TRANSPORT must be smtp in production (the local outbox only writes files), with SMTP_URL set');
  }
  if (config.BODY_LIMIT_BYTES <= config.IMPORT_MAX_BYTES)
    problems.push('BODY_LIMIT_BYTES must be larger than IMPORT_MAX_BYTES (an import sends its file in the request body)');
  if (config.INTRO_REMIND_AFTER_SECONDS >= config.INTRO_EXPIRE_AFTER_SECONDS)
    problems.push('INTRO_REMIND_AFTER_SECONDS must be less than INTRO_EXPIRE_AFTER_SECONDS (the reminder comes before the ask expires)');
  if (problems.length) throw new ConfigError(problems);
  // Outside production, links in messages follow the port the API serves on (PORT=3417 → http://127.0.0.1:3417).
  if (!picked['PUBLIC_URL'] && !config.isProduction) config.PUBLIC_URL = `http://127.0.0.1:${config.PORT}`;
  return config;
}

function describe(key: string, value: unknown): string {
  if (value === undefined) return 'nothing';
  if (/SECRET|PASSWORD|SMTP_URL/.test(key)) return `a value of ${(typeof value === 'string' ? value : JSON.stringify(value)).length} characters`;
  return JSON.stringify(value);
}

/** For process entry points: the config, or a message naming every bad variable and exit code 78 (EX_CONFIG). */
export function configOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
}
