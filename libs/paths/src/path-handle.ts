import { createCipheriv, createDecipheriv, createSecretKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { badInput } from '#libs/common';
import { AppConfig } from '#libs/config';

export interface PathHandlePayload {
  /** The viewer the path was found for. */
  viewerId: string;
  /** People after the viewer, ending with the target. */
  nodes: string[];
  score: number;
  expiresAt: number;
}

/**
 * IntroPath.id: the path sealed with AES-256-GCM. Clients cannot read who is on it (hidden
 * steps stay hidden) nor change it (the tag fails), and it names the account it was made for.
 */
@Injectable()
export class PathHandles {
  /** A key object, prepared once: a raw key is prepared again on every cipher (ten per introPaths answer). */
  private readonly key: KeyObject;
  private readonly ttlMs: number;

  constructor(@Inject(AppConfig) config: AppConfig) {
    this.key = createSecretKey(Buffer.from(hkdfSync('sha256', config.PATH_HANDLE_SECRET, 'backr', 'intro-path-handle-v1', 32)));
    this.ttlMs = config.PATH_HANDLE_TTL_HOURS * 3600 * 1000;
  }

  seal(viewerId: string, nodes: string[], score: number, now = Date.now()): string {
    const payload: PathHandlePayload = { viewerId, nodes, score, expiresAt: now + this.ttlMs };
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
    return `p1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** Opens a handle for this viewer; forged, expired and other accounts' handles are refused. */
  open(handle: string, viewerId: string, field = 'pathId', now = Date.now()): PathHandlePayload {
    const payload = this.tryOpen(handle);
    if (!payload) throw badInput(field, 'is not a path handle issued by introPaths');
    if (payload.viewerId !== viewerId) throw badInput(field, 'was issued to another account');
    if (payload.expiresAt < now) throw badInput(field, 'has expired; ask for introPaths again');
    return payload;
  }

  private tryOpen(handle: string): PathHandlePayload | null {
    if (typeof handle !== 'string' || !handle.startsWith('p1.') || handle.length > 4096) return null;
    try {
      const raw = Buffer.from(handle.slice(3), 'base64url');
      if (raw.length < 29) return null;
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      return JSON.parse(text) as PathHandlePayload;
    } catch {
      return null;
    }
  }
}
