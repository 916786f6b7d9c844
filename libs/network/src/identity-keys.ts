import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '#libs/config';
import { canonicalLinkedIn, normaliseEmail, normalisePhone } from './identity.normalise.js';
import type { RecordedEdge } from './network.types.js';

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
  keysOfRecorded(details: RecordedEdge): string[] {
    const normalised = <T>(raw: string | null | undefined, normalise: (v: string) => T): T[] => {
      if (!raw) return [];
      try {
        return [normalise(raw)];
      } catch {
        return [];
      }
    };
    return [
      ...[details.email, ...(details.moreEmails ?? [])].flatMap((e) => normalised(e, normaliseEmail)).map((e) => this.key('email', e)),
      ...[details.phone, ...(details.morePhones ?? [])].flatMap((p) => normalised(p, normalisePhone)).map((p) => this.key('phone', p)),
      ...normalised(details.linkedinUrl, canonicalLinkedIn).map((l) => this.key('linkedin', l)),
    ];
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
