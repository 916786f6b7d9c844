import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ACCOUNT_ROLES, signDevToken, type AccountRole } from '#libs/auth';
import type { AppConfig } from '#libs/config';
import { repoRoot } from '#libs/graph';

export interface DevAccount {
  sub: string;
  name: string;
  email?: string;
  roles: AccountRole[];
  headline?: string;
}

interface Req {
  method: string;
  path: string;
  /** Set when the API's JSON body parser already read the body. */
  body?: unknown;
  readableEnded?: boolean;
  on(event: 'data', cb: (chunk: Buffer) => void): void;
  on(event: 'end' | 'error', cb: () => void): void;
}
interface Res {
  status(code: number): Res;
  set(headers: Record<string, string>): Res;
  json(body: unknown): void;
}

/** An admin for trying the admin pages; the demo network itself has none. */
const DEMO_ADMIN: DevAccount = {
  sub: 'demo-admin',
  name: 'Dana Admin',
  email: 'dana.admin@demo.backr.test',
  roles: ['ADMIN'],
  headline: 'Service administrator',
};

/** The demo accounts (graph/demo/demo-network.json) and the demo admin. */
export function demoAccounts(): DevAccount[] {
  const demo = JSON.parse(readFileSync(join(repoRoot(), 'graph', 'demo', 'demo-network.json'), 'utf8')) as { accounts: DevAccount[] };
  return [...demo.accounts.map(({ sub, name, email, roles, headline }) => ({ sub, name, email, roles, headline })), DEMO_ADMIN];
}

/** Development sign-in is there only outside production and only when the API signs its own tokens. */
export const devSignInEnabled = (config: AppConfig) => !config.isProduction && !config.AUTH_JWKS_URL && !!config.AUTH_JWT_SECRET;

/** Accounts made up on the sign-in page (and by the browser tests): "dev-" and a few letters. */
const MADE_UP_SUB = /^dev-[a-z0-9-]{1,60}$/;
const NAME = /^[\p{L}\p{M}' .-]{1,80}$/u;

function readJson(req: Req, limit = 4096): Promise<Record<string, unknown>> {
  if (req.body && typeof req.body === 'object' && !Array.isArray(req.body)) return Promise.resolve(req.body as Record<string, unknown>);
  if (req.readableEnded) return Promise.resolve({});
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.length > limit) text = '';
    });
    req.on('end', () => {
      try {
        const value: unknown = JSON.parse(text);
        resolve(value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
      } catch {
        resolve({});
      }
    });
    req.on('error', () => resolve({}));
  });
}

/**
 * GET /dev/accounts lists the demo accounts; POST /dev/token {sub} signs a 12-hour token for one
 * of them, or {sub: "dev-…", name, roles} for a made-up account. Mounted only when
 * devSignInEnabled: in production these routes do not exist (404 like any unknown path).
 */
export function mountDevSignIn(app: NestExpressApplication, config: AppConfig): boolean {
  if (!devSignInEnabled(config)) return false;
  const accounts = demoAccounts();
  app.use('/dev', async (req: Req, res: Res, next: () => void) => {
    res.set({ 'Cache-Control': 'no-store' });
    if (req.method === 'GET' && req.path === '/accounts') return res.json({ accounts });
    if (req.method !== 'POST' || req.path !== '/token') return next();
    const body = await readJson(req);
    const sub = typeof body['sub'] === 'string' ? body['sub'] : '';
    let account = accounts.find((a) => a.sub === sub);
    if (!account && MADE_UP_SUB.test(sub)) {
      const name = typeof body['name'] === 'string' ? body['name'].trim() : '';
      const roles = Array.isArray(body['roles']) ? body['roles'].map((r) => String(r).toUpperCase()) : ['MEMBER'];
      if (!NAME.test(name)) return res.status(400).json({ message: 'Enter a name using letters only', field: 'name' });
      const known = roles.filter((r): r is AccountRole => (ACCOUNT_ROLES as readonly string[]).includes(r));
      if (!known.length || known.length !== roles.length) return res.status(400).json({ message: 'Choose at least one role', field: 'roles' });
      account = { sub, name, roles: known };
    }
    if (!account) return res.status(400).json({ message: 'Choose one of the demo accounts', field: 'sub' });
    const token = await signDevToken(config.AUTH_JWT_SECRET!, {
      ...account,
      expiresIn: '12h',
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
    });
    return res.json({ token, account });
  });
  return true;
}
