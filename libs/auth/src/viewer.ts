export const ACCOUNT_ROLES = ['MEMBER', 'VOLUNTEER', 'COACH', 'ADMIN'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

export interface TokenClaims {
  sub: string;
  name?: string;
  email?: string;
  /** False when the identity provider said the email is unverified (email_verified: false); such an email never binds. */
  emailVerified: boolean;
  roles: AccountRole[];
  /** When the token was issued (ms since epoch; 0 when it does not say). */
  issuedAtMs: number;
  /** When the token expires (ms since epoch; absent when it does not say). Live-update sockets close then. */
  expiresAtMs?: number;
}

/** The authenticated caller of a request. personId is the local id of their Person node. */
export interface Viewer {
  sub: string;
  personId: string;
  roles: AccountRole[];
}

export const hasRole = (viewer: Viewer, ...roles: AccountRole[]) => roles.some((r) => viewer.roles.includes(r));
