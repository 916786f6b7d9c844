import { existsSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '#libs/config';
import { repoRoot } from '#libs/graph';

/** The little of Express's request and response this file uses (the project does not ship @types/express). */
interface Req {
  method: string;
  path: string;
  accepts(type: string): string | false;
}
interface Res {
  set(headers: Record<string, string>): Res;
  send(body: string): void;
  json(body: unknown): void;
  sendFile(path: string, options: { headers: Record<string, string> }): void;
}

/** Paths the API answers itself; everything else that asks for a page gets the web app. */
const API_PREFIXES = ['/graphql', '/health', '/privacy', '/dev/'];

/** The built web app (vite build writes it here). */
export const webDistDir = () => join(repoRoot(), 'dist', 'web');

const socketOrigin = (publicUrl: string) => {
  try {
    const url = new URL(publicUrl);
    return `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}`;
  } catch {
    return '';
  }
};

/** Security headers for the web app's pages: scripts and styles from this origin only, no framing. */
export function webSecurityHeaders(config: AppConfig): Record<string, string> {
  const issuer = config.AUTH_ISSUER && /^https?:\/\//.test(config.AUTH_ISSUER) ? new URL(config.AUTH_ISSUER).origin : '';
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    // 'self' covers same-origin WebSockets in CSP 3; the explicit ws(s) origin is for older Safari.
    `connect-src 'self' ${socketOrigin(config.PUBLIC_URL)} ${issuer}`.replace(/\s+/g, ' ').trim(),
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action 'self' ${issuer}`.trim(),
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

/**
 * Serves the web app's built files at / with a fallback to index.html for the app's own routes
 * (GET requests that accept HTML). Hashed assets are cached for a year; index.html never is.
 * Without a build (dist/web missing) nothing is mounted and / stays the API's.
 */
export function serveWebApp(app: NestExpressApplication, config: AppConfig, webConfig: WebConfig): boolean {
  const dir = webDistDir();
  const indexFile = join(dir, 'index.html');
  if (!existsSync(indexFile)) return false;
  // index.html is read on every request (it is small): a rebuild while the API runs serves the new build.
  const headers = webSecurityHeaders(config);
  app.useStaticAssets(join(dir, 'assets'), {
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
    index: false,
    fallthrough: false,
    setHeaders: (res: ServerResponse) => res.setHeader('X-Content-Type-Options', 'nosniff'),
  });
  app.use((req: Req, res: Res, next: () => void) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path === '/web-config.json') return void res.set({ 'Cache-Control': 'no-store' }).json(webConfig);
    if (API_PREFIXES.some((p) => req.path === p.replace(/\/$/, '') || req.path.startsWith(p))) return next();
    const file = /^\/[\w.-]+\.(ico|png|svg|txt|webmanifest)$/.exec(req.path) ? join(dir, req.path) : null;
    if (file && existsSync(file)) return res.sendFile(file, { headers: { 'X-Content-Type-Options': 'nosniff' } });
    if (!req.accepts('html')) return next();
    res.set({ ...headers, 'Cache-Control': 'no-store', 'Content-Type': 'text/html; charset=utf-8' }).send(readFileSync(indexFile, 'utf8'));
  });
  return true;
}

/** What the web app needs to know before it signs anyone in (served at /web-config.json). */
export interface WebConfig {
  devSignIn: boolean;
  oidc: { authority: string; clientId: string; scope: string; audience?: string } | null;
}

export function webConfigOf(config: AppConfig, devSignIn: boolean): WebConfig {
  const oidc =
    config.WEB_OIDC_CLIENT_ID && config.AUTH_ISSUER
      ? {
          authority: config.AUTH_ISSUER,
          clientId: config.WEB_OIDC_CLIENT_ID,
          scope: config.WEB_OIDC_SCOPE,
          ...(config.AUTH_AUDIENCE ? { audience: config.AUTH_AUDIENCE } : {}),
        }
      : null;
  return { devSignIn, oidc };
}
