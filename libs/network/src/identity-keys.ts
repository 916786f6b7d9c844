import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '#libs/config';
import { canonicalLinkedIn, normaliseEmail, normalisePhone } from './identity.normalise.js';

export interface IdentityInput {
  email?: string | null;
  phone?: string | null;
  linkedin?: string | null;
}

/**
 * Identity keys are keyed hashes of normalised email, phone and LinkedIn profile: the graph can
 * match the same real person across members, but nobody can read an address back from a key.
 * Listed strongest first; resolution prefers the earliest key that matches.
 */
@Injectable()
export class IdentityKeys {
  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  keysOf(identity: IdentityInput): string[] {
    const keys: string[] = [];
    if (identity.email) keys.push(this.key('email', identity.email));
    if (identity.phone) keys.push(this.key('phone', identity.phone));
    if (identity.linkedin) keys.push(this.key('linkedin', identity.linkedin));
    return keys;
  }

  /** The keys a recorded relationship's stored details give (details that no longer normalise give none). */
  keysOfRecorded(details: { email: string | null; phone: string | null; linkedinUrl: string | null }): string[] {
    const normalised = <T>(raw: string | null, normalise: (v: string) => T): T | null => {
      if (!raw) return null;
      try {
        return normalise(raw);
      } catch {
        return null;
      }
    };
    return this.keysOf({
      email: normalised(details.email, normaliseEmail),
      phone: normalised(details.phone, normalisePhone),
      linkedin: normalised(details.linkedinUrl, canonicalLinkedIn),
    });
  }

  /** The key of an identity provider subject, kept after an account is erased (never the subject itself). */
  subjectKey(sub: string): string {
    return `s:${createHmac('sha256', this.config.IDENTITY_KEY_SECRET).update(`subject:${sub}`).digest('base64url')}`;
  }

  key(kind: 'email' | 'phone' | 'linkedin', normalised: string): string {
    const digest = createHmac('sha256', this.config.IDENTITY_KEY_SECRET).update(`${kind}:${normalised}`).digest('base64url');
    return `${kind[0]}:${digest}`;
  }
}
