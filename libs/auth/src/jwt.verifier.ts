import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { unauthenticated } from '#libs/common';
import { AppConfig } from '#libs/config';
import { ACCOUNT_ROLES, type AccountRole, type TokenClaims } from './viewer.js';

const SUB = /^[A-Za-z0-9@._|:+-]{1,128}$/;

/**
 * Verifies Bearer JWTs: HS256 with AUTH_JWT_SECRET (development, tests), or RS/ES keys from
 * AUTH_JWKS_URL (production). Only the algorithms of the configured mode are accepted, so
 * `none` and HS/RS confusion are refused.
 */
@Injectable()
export class JwtVerifier {
  private readonly secret?: Uint8Array;
  private readonly jwks?: JWTVerifyGetKey;

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {
    if (config.AUTH_JWKS_URL) this.jwks = createRemoteJWKSet(new URL(config.AUTH_JWKS_URL));
    else this.secret = new TextEncoder().encode(config.AUTH_JWT_SECRET);
  }

  async verify(token: string): Promise<TokenClaims> {
    let payload: JWTPayload;
    try {
      const options = {
        issuer: this.config.AUTH_ISSUER,
        audience: this.config.AUTH_AUDIENCE,
        clockTolerance: 30,
      };
      payload = this.jwks
        ? (await jwtVerify(token, this.jwks, { ...options, algorithms: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'PS256'] })).payload
        : (await jwtVerify(token, this.secret!, { ...options, algorithms: ['HS256'] })).payload;
    } catch (error) {
      const reason = (error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'the token has expired' : 'the token is not valid';
      throw unauthenticated(`Authentication failed: ${reason}`);
    }
    return claimsOf(payload);
  }
}

export function claimsOf(payload: JWTPayload): TokenClaims {
  if (typeof payload.sub !== 'string' || !SUB.test(payload.sub)) throw unauthenticated('Authentication failed: the token has no usable sub claim');
  const raw = payload['roles'];
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[\s,]+/) : [];
  const roles = [...new Set(list.map((r) => String(r).toUpperCase()).filter((r): r is AccountRole => (ACCOUNT_ROLES as readonly string[]).includes(r)))];
  const name = typeof payload['name'] === 'string' ? payload['name'].trim().slice(0, 200) : undefined;
  const email = typeof payload['email'] === 'string' ? payload['email'].trim().slice(0, 320) : undefined;
  return { sub: payload.sub, name: name || undefined, email: email || undefined, roles: roles.length ? roles : ['MEMBER'], issuedAtMs: typeof payload.iat === 'number' ? payload.iat * 1000 : 0, ...(typeof payload.exp === 'number' ? { expiresAtMs: payload.exp * 1000 } : {}) };
}
