/** Error codes clients see in errors[].extensions.code (see the contract header). */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/**
 * A failure the caller can act on. `field` names the input at fault, when there is one;
 * `extensions` carries machine-readable detail (e.g. retryAfterSeconds).
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly extensions?: Record<string, string | number | boolean>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badInput = (field: string, reason: string) => new DomainError(ErrorCode.BAD_USER_INPUT, `${field}: ${reason}`, field);
export const notFound = (field: string, what: string) => new DomainError(ErrorCode.NOT_FOUND, `${field}: ${what} not found`, field);
export const forbidden = (reason: string) => new DomainError(ErrorCode.FORBIDDEN, reason);
export const conflict = (reason: string, field?: string) => new DomainError(ErrorCode.CONFLICT, field ? `${field}: ${reason}` : reason, field);
export const unauthenticated = (reason: string) => new DomainError(ErrorCode.UNAUTHENTICATED, reason);
export const rateLimited = (what: string, retryAfterSeconds: number) =>
  new DomainError(ErrorCode.RATE_LIMITED, `Too many ${what}; try again in ${waitInWords(retryAfterSeconds)}`, undefined, { retryAfterSeconds });

/** A wait as a person says it: "42 seconds", "about 5 minutes", "about an hour", "about 3 hours". */
export function waitInWords(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return s === 1 ? '1 second' : `${s} seconds`;
  const minutes = Math.round(s / 60);
  if (minutes < 55) return minutes === 1 ? 'about a minute' : `about ${minutes} minutes`;
  const hours = Math.round(s / 3600);
  if (hours <= 1) return 'about an hour';
  if (hours < 48) return `about ${hours} hours`;
  return `about ${Math.round(s / 86400)} days`;
}
