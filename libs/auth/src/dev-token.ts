import { SignJWT } from 'jose';
import type { AccountRole } from './viewer.js';

export interface DevTokenOptions {
  sub: string;
  name?: string;
  email?: string;
  /** Set false to sign a token whose email the identity provider has not verified. */
  emailVerified?: boolean;
  roles?: AccountRole[];
  expiresIn?: string;
  issuer?: string;
  audience?: string;
}

/** Signs an HS256 token for development and tests; production verifies tokens from its identity provider. */
export function signDevToken(secret: string, o: DevTokenOptions): Promise<string> {
  const claims: Record<string, unknown> = { roles: (o.roles ?? ['MEMBER']).map((r) => r.toLowerCase()) };
  if (o.name) claims['name'] = o.name;
  if (o.email) claims['email'] = o.email;
  if (o.emailVerified !== undefined) claims['email_verified'] = o.emailVerified;
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(o.sub)
    .setIssuedAt()
    .setExpirationTime(o.expiresIn ?? '12h');
  if (o.issuer) jwt = jwt.setIssuer(o.issuer);
  if (o.audience) jwt = jwt.setAudience(o.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
