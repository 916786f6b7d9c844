import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { jwtVerify, SignJWT } from 'jose';
import { badInput } from '#libs/common';
import { AppConfig } from '#libs/config';

const PURPOSE = 'backr-objection';

/**
 * Links in a first message to someone without an account, with which they object to being held
 * (suppression). The token names the person only by id, is signed with a key derived from the
 * identity-key secret (so it cannot be used as a sign-in token), and lasts a year.
 */
@Injectable()
export class ObjectionLinks {
  private readonly key: Uint8Array;

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {
    this.key = createHmac('sha256', config.IDENTITY_KEY_SECRET).update(PURPOSE).digest();
  }

  async link(personId: string): Promise<string> {
    const token = await new SignJWT({ purpose: PURPOSE })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(personId)
      .setIssuedAt()
      .setExpirationTime('365d')
      .sign(this.key);
    return `${this.config.PUBLIC_URL.replace(/\/$/, '')}/privacy/object?token=${token}`;
  }

  /** The person the token speaks for; BAD_USER_INPUT when it is not a valid, current objection token. */
  async personOf(token: string): Promise<string> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'] });
      if (payload['purpose'] !== PURPOSE || typeof payload.sub !== 'string') throw new Error('wrong purpose');
      return payload.sub;
    } catch {
      throw badInput('token', 'this link is not valid or has expired; write to the privacy contact instead');
    }
  }
}
