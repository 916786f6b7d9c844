import { describe, expect, it } from '@jest/globals';
import { ConfigError, DEV_JWT_SECRET, loadConfig } from '#libs/config';

describe('loadConfig', () => {
  it('has working local defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, NEO4J_URI: 'bolt://127.0.0.1:7687', REDIS_URL: 'redis://127.0.0.1:6379', NODE_ENV: 'development' });
    expect(config.AUTH_JWT_SECRET).toBe(DEV_JWT_SECRET);
  });

  it('reads and converts variables', () => {
    const config = loadConfig({ PORT: '8080', MIGRATE_ON_START: 'false', NEO4J_URI: 'neo4j+s://db.example.org' });
    expect(config.PORT).toBe(8080);
    expect(config.MIGRATE_ON_START).toBe(false);
    expect(config.NEO4J_URI).toBe('neo4j+s://db.example.org');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT must be an integer'],
    [{ PORT: '70000' }, 'PORT must be between 1 and 65535'],
    [{ NEO4J_URI: 'http://localhost:7474' }, 'NEO4J_URI must be a Bolt URI'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL must be a redis://'],
    [{ AUTH_JWT_SECRET: 'short' }, 'AUTH_JWT_SECRET must be at least 32 characters'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV must be one of'],
    [{ MIGRATE_ON_START: 'maybe' }, 'MIGRATE_ON_START must be true or false'],
  ])('names the variable and what is expected: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never prints secret values', () => {
    try {
      loadConfig({ AUTH_JWT_SECRET: 'hunter2' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
      expect((error as Error).message).toContain('a value of 7 characters');
    }
  });

  it('refuses the development secrets in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWT_SECRET must be set to your own secret/);
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(40) })).toThrow(/IDENTITY_KEY_SECRET must be set/);
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(40), IDENTITY_KEY_SECRET: 'y'.repeat(40) })).toThrow(
      /PATH_HANDLE_SECRET must be set/,
    );
    const own = { AUTH_JWT_SECRET: 'x'.repeat(40), IDENTITY_KEY_SECRET: 'y'.repeat(40), PATH_HANDLE_SECRET: 'z'.repeat(40) };
    expect(() => loadConfig({ NODE_ENV: 'production', ...own })).toThrow(/NOTIFY_TRANSPORT must be smtp in production/);
    expect(() => loadConfig({ NODE_ENV: 'production', ...own, NOTIFY_TRANSPORT: 'smtp' })).toThrow(/SMTP_URL must be an smtp/);
    const smtp = { NOTIFY_TRANSPORT: 'smtp', SMTP_URL: 'smtp://user:pass@mail.example.org:587', PUBLIC_URL: 'https://backr.example.org' };
    expect(loadConfig({ NODE_ENV: 'production', ...own, ...smtp }).isProduction).toBe(true);
    expect(() => loadConfig({ NODE_ENV: 'production', ...own, ...smtp, WORKER_FAULT_DELAY_MS: '100' })).toThrow(/WORKER_FAULT_DELAY_MS/);
  });

  it('keeps the reminder before the expiry, and never echoes the SMTP password', () => {
    expect(() => loadConfig({ INTRO_REMIND_AFTER_SECONDS: '10', INTRO_EXPIRE_AFTER_SECONDS: '5' })).toThrow(/INTRO_REMIND_AFTER_SECONDS must be less than/);
    let message = '';
    try {
      loadConfig({ NOTIFY_TRANSPORT: 'smtp', SMTP_URL: 'http://user:hunter2@x' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('SMTP_URL must be an smtp://');
    expect(message).not.toContain('hunter2');
  });
});

describe('loadConfig: limits and production posture', () => {
  const production = {
    NODE_ENV: 'production',
    AUTH_JWT_SECRET: 'a-production-secret-of-at-least-32-chars',
    PATH_HANDLE_SECRET: 'a-production-path-secret-of-32-characters',
    IDENTITY_KEY_SECRET: 'a-production-identity-secret-32-characters',
    NOTIFY_TRANSPORT: 'smtp',
    SMTP_URL: 'smtp://mail.example.org:587',
    PUBLIC_URL: 'https://backr.example.org',
  };

  it('turns introspection off in production unless configured, and on elsewhere', () => {
    expect(loadConfig({}).introspection).toBe(true);
    expect(loadConfig(production).introspection).toBe(false);
    expect(loadConfig({ ...production, GRAPHQL_INTROSPECTION: 'true' }).introspection).toBe(true);
    expect(loadConfig({ GRAPHQL_INTROSPECTION: 'false' }).introspection).toBe(false);
  });

  it('refuses rate limits turned off in production', () => {
    expect(() => loadConfig({ ...production, RATE_LIMIT_IP_PER_MINUTE: '0' })).toThrow('must not be 0 (off) in production');
    expect(loadConfig({ RATE_LIMIT_IP_PER_MINUTE: '0' }).RATE_LIMIT_IP_PER_MINUTE).toBe(0);
  });

  it('needs its own public address in production, and reads the proxy setting', () => {
    const { PUBLIC_URL: _, ...withoutUrl } = production;
    expect(() => loadConfig(withoutUrl)).toThrow('PUBLIC_URL must be set in production');
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
  });

  it('keeps the body limit above the import size', () => {
    expect(() => loadConfig({ BODY_LIMIT_BYTES: '2048', IMPORT_MAX_BYTES: '4096' })).toThrow('BODY_LIMIT_BYTES must be larger than IMPORT_MAX_BYTES');
    expect(loadConfig({ BODY_LIMIT_BYTES: '8192', IMPORT_MAX_BYTES: '4096' }).BODY_LIMIT_BYTES).toBe(8192);
  });

  it.each([
    [{ GRAPHQL_MAX_DEPTH: '1' }, 'GRAPHQL_MAX_DEPTH must be at least 2'],
    [{ GRAPHQL_MAX_COST: 'lots' }, 'GRAPHQL_MAX_COST must be an integer'],
    [{ RATE_LIMIT_INTRO_PER_HOUR: '-1' }, 'RATE_LIMIT_INTRO_PER_HOUR must be at least 0'],
    [{ PUBLIC_URL: 'backr.example.org' }, 'PUBLIC_URL must be an http(s) URL'],
  ])('names the limit setting at fault: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('PUBLIC_URL (issue 14)', () => {
  it('follows PORT outside production unless set', () => {
    expect(loadConfig({ PORT: '3417' }).PUBLIC_URL).toBe('http://127.0.0.1:3417');
    expect(loadConfig({}).PUBLIC_URL).toBe('http://127.0.0.1:3000');
    expect(loadConfig({ PORT: '3417', PUBLIC_URL: 'https://backr.example.org' }).PUBLIC_URL).toBe('https://backr.example.org');
  });
});
