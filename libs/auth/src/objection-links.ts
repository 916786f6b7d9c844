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

  /**
   * A link for a message sent to an address one recorder typed; `sentToKey` is that address's
   * email identity key (a keyed hash, never the address), so the link can only ever act on
   * records that hold the very address it was sent to.
   */
  async link(personId: string, sentToKey: string): Promise<string> {
    const token = await new SignJWT({ purpose: PURPOSE, adr: sentToKey })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(personId)
      .setIssuedAt()
      .setExpirationTime('365d')
      .sign(this.key);
    return `${this.config.PUBLIC_URL.replace(/\/$/, '')}/privacy/object?token=${token}`;
  }

  /** The person the token speaks for and the address it was sent to (as a key); BAD_USER_INPUT when not a valid, current objection token. */
  async read(token: string): Promise<{ personId: string; addressKey: string }> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'] });
      if (payload['purpose'] !== PURPOSE || typeof payload.sub !== 'string' || typeof payload['adr'] !== 'string') throw new Error('wrong purpose');
      return { personId: payload.sub, addressKey: payload['adr'] };
    } catch {
      throw badInput('token', 'this link is not valid or has expired; write to the privacy contact instead');
    }
  }
}
