import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { unauthenticated } from '#libs/common';
import { AppConfig } from '#libs/config';
import { ACCOUNT_ROLES, type AccountRole, type TokenClaims } from './viewer.js';

const SUB = /^[A-Za-z0-9@._|:+-]{1,128}$/;
/** Tolerated difference between our clock and the identity provider's, for exp, nbf and iat. */
export const CLOCK_SKEW_SECONDS = 30;
const VERIFIED_FOR_MS = 5 * 60_000;
const VERIFIED_MAX = 10_000;

/**
 * Verifies Bearer JWTs: HS256 with AUTH_JWT_SECRET (development, tests), or RS/ES keys from
 * AUTH_JWKS_URL (production). Only the algorithms of the configured mode are accepted, so
 * `none` and HS/RS confusion are refused.
 */
@Injectable()
export class JwtVerifier {
  private readonly secret?: Uint8Array;
  private readonly jwks?: JWTVerifyGetKey;
  /**
   * Tokens whose signature was checked lately, by the whole token: a client sends the same one with
   * every request, and checking an HMAC through WebCrypto cost about 0.4 ms of each. An entry lasts
   * at most VERIFIED_FOR_MS, which also bounds how long a key the identity provider withdrew is still trusted.
   */
  private readonly verified = new Map<string, { claims: TokenClaims; until: number }>();

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {
    if (config.AUTH_JWKS_URL) this.jwks = createRemoteJWKSet(new URL(config.AUTH_JWKS_URL));
    else this.secret = new TextEncoder().encode(config.AUTH_JWT_SECRET);
  }

  async verify(token: string): Promise<TokenClaims> {
    const now = Date.now();
    const known = this.verified.get(token);
    if (known && now < known.until) return known.claims;
    if (known) this.verified.delete(token);
    const claims = await this.check(token);
    if (this.verified.size >= VERIFIED_MAX) this.verified.clear();
    // Good until the token expires (as jose judges it, with the skew), or a few minutes, whichever is first.
    const until = Math.min(now + VERIFIED_FOR_MS, (claims.expiresAtMs ?? now) + CLOCK_SKEW_SECONDS * 1000);
    this.verified.set(token, { claims, until });
    return claims;
  }

  private async check(token: string): Promise<TokenClaims> {
    let payload: JWTPayload;
    try {
      const options = {
        issuer: this.config.AUTH_ISSUER,
        audience: this.config.AUTH_AUDIENCE,
        clockTolerance: CLOCK_SKEW_SECONDS,
        // A token without an expiry would be valid for ever (and outlive an erasure).
        requiredClaims: ['exp'],
      };
      payload = this.jwks
        ? (await jwtVerify(token, this.jwks, { ...options, algorithms: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'PS256'] })).payload
        : (await jwtVerify(token, this.secret!, { ...options, algorithms: ['HS256'] })).payload;
    } catch (error) {
      const e = error as { code?: string; claim?: string };
      const reason =
        e.code === 'ERR_JWT_EXPIRED'
          ? 'the token has expired'
          : e.code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && e.claim === 'exp'
            ? 'the token has no expiry (exp)'
            : 'the token is not valid';
      throw unauthenticated(`Authentication failed: ${reason}`);
    }
    return claimsOf(payload);
  }
}

export function claimsOf(payload: JWTPayload, nowMs = Date.now()): TokenClaims {
  if (typeof payload.sub !== 'string' || !SUB.test(payload.sub)) throw unauthenticated('Authentication failed: the token has no usable sub claim');
  if (typeof payload.iat === 'number' && payload.iat * 1000 > nowMs + CLOCK_SKEW_SECONDS * 1000) {
    // A future iat would outlive an erasure tombstone (tokens issued before the erasure are refused).
    throw unauthenticated('Authentication failed: the token says it was issued in the future');
  }
  const name = typeof payload['name'] === 'string' ? payload['name'].trim().slice(0, 200) : undefined;
  const email = typeof payload['email'] === 'string' ? payload['email'].trim().slice(0, 320) : undefined;
  // Only an email the identity provider did not mark unverified may bind the account to a recorded person.
  const verified = payload['email_verified'];
  const emailVerified = verified !== false && verified !== 'false';
  return {
    sub: payload.sub,
    name: name || undefined,
    email: email || undefined,
    emailVerified: Boolean(email) && emailVerified,
    roles: rolesOf(payload['roles']),
    issuedAtMs: typeof payload.iat === 'number' ? payload.iat * 1000 : 0,
    ...(typeof payload.exp === 'number' ? { expiresAtMs: payload.exp * 1000 } : {}),
  };
}

/** `roles` must be a flat list of known role names (or one space/comma separated string); anything else refuses the token. */
function rolesOf(raw: unknown): AccountRole[] {
  if (raw === undefined || raw === null) return ['MEMBER'];
  const list = typeof raw === 'string' ? raw.split(/[\s,]+/).filter(Boolean) : raw;
  if (!Array.isArray(list)) throw unauthenticated('Authentication failed: the roles claim must be a list of role names');
  const roles = new Set<AccountRole>();
  for (const item of list) {
    const name = typeof item === 'string' ? item.toUpperCase() : null;
    if (!name || !(ACCOUNT_ROLES as readonly string[]).includes(name)) {
      throw unauthenticated(`Authentication failed: the roles claim may only hold ${ACCOUNT_ROLES.map((r) => r.toLowerCase()).join(', ')}`);
    }
    roles.add(name as AccountRole);
  }
  return roles.size ? [...roles] : ['MEMBER'];
}
