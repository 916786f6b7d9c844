import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Viewer } from '#libs/auth';
import { DomainError, ErrorCode } from '#libs/common';
import { AppConfig } from '#libs/config';
import { ImportsService } from '#libs/imports';
import { IntroductionsService } from '#libs/introductions';
import { AccountService } from '#libs/network';
import { ACCOUNT_ERASED_CHANNEL, createRedis, IMPORT_PROGRESS_CHANNEL, INTRO_UPDATED_CHANNEL } from '#libs/queue';
import { liveSockets, type LiveSocket } from './live-sockets.js';

const TOPICS = { intro: INTRO_UPDATED_CHANNEL, import: IMPORT_PROGRESS_CHANNEL } as const;
export type Topic = keyof typeof TOPICS;

/** Values a slow client has not taken yet; past this the oldest go (each value is a whole current view). */
const MAX_BUFFERED = 100;

/**
 * One subscription's stream: each change id it is handed is read as the viewer may see it (in order), and
 * the stream completes after a value in an end state. Ending it (the client unsubscribes or the socket
 * closes) unregisters it at once.
 */
class Channel<T> implements AsyncIterableIterator<T> {
  private readonly buffered: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | null = null;
  private ended = false;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly load: (id: string) => Promise<T | null>,
    private readonly isEnd: (value: T) => boolean,
    private readonly onEnd: () => void,
    private readonly logger: Logger,
  ) {}

  push(id: string, when: (value: T) => boolean = () => true): void {
    if (this.ended) return;
    this.chain = this.chain.then(async () => {
      if (this.ended) return;
      let value: T | null;
      try {
        value = await this.load(id);
      } catch (error) {
        this.logger.warn({ msg: 'live update could not be read', error: (error as Error).name });
        return;
      }
      if (value === null || this.ended || !when(value)) return;
      this.deliver(value);
      if (this.isEnd(value)) this.end();
    });
  }

  private deliver(value: T): void {
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value, done: false });
      return;
    }
    this.buffered.push(value);
    if (this.buffered.length > MAX_BUFFERED) this.buffered.shift();
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnd();
    if (this.waiting && !this.buffered.length) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffered.length) return Promise.resolve({ value: this.buffered.shift()!, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<T>> {
    this.buffered.length = 0;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    this.end();
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}

interface Subscriber {
  /** Only this object's changes (a request id, a job id), or every change the viewer may see. */
  only: string | null;
  push(id: string): void;
}

export interface SubscribeOptions<T> {
  topic: Topic;
  viewer: Viewer;
  socket: LiveSocket | undefined;
  only: string | null;
  load: (id: string) => Promise<T | null>;
  isEnd: (value: T) => boolean;
  /** With `only`: send its state at once ('always'), or only when it has already ended ('ifEnded', then complete). */
  initial?: 'always' | 'ifEnded';
}

/**
 * Live updates. Changes are announced on Redis pub/sub (by id) by whichever process made them, the API or
 * the worker. Each API replica routes them to its own subscribers in memory: per topic, subscribers are
 * indexed by the account they belong to; a change is read once (who may see it: the request's member and
 * the people asked on it, or the job's owner) and handed only to those accounts' subscriptions, and only
 * those read the object as their viewer may see it. Idle subscriptions cost nothing per change.
 * Subscriptions per socket and per account are capped; sockets close at token expiry and on erasure.
 */
@Injectable()
export class LiveUpdates implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('LiveUpdates');
  private subscriber: Redis | null = null;
  private readonly byTopic: Record<Topic, Map<string, Set<Subscriber>>> = { intro: new Map(), import: new Map() };
  private readonly unfiltered: Record<Topic, number> = { intro: 0, import: 0 };
  private readonly filtered: Record<Topic, Map<string, number>> = { intro: new Map(), import: new Map() };
  private readonly perAccount = new Map<string, number>();
  private readonly jobOwners = new Map<string, string>();
  /** Changes of one id are routed in the order they came. */
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(AccountService) private readonly accounts: AccountService,
    @Inject(IntroductionsService) private readonly intros: IntroductionsService,
    @Inject(ImportsService) private readonly imports: ImportsService,
  ) {}

  async onModuleInit(): Promise<void> {
    const topicOf = new Map(Object.entries(TOPICS).map(([topic, channel]) => [`${this.config.QUEUE_PREFIX}:${channel}`, topic as Topic]));
    const erased = `${this.config.QUEUE_PREFIX}:${ACCOUNT_ERASED_CHANNEL}`;
    this.subscriber = createRedis(this.config.REDIS_URL);
    this.subscriber.on('message', (channel: string, id: string) => {
      if (channel === erased) {
        this.accounts.forgetPerson(id);
        liveSockets.closeAccount(id);
        return;
      }
      const topic = topicOf.get(channel);
      if (topic) this.route(topic, id);
    });
    try {
      await this.subscriber.subscribe(...topicOf.keys(), erased);
    } catch (error) {
      // ioredis resubscribes when Redis comes back; queries and mutations do not depend on this.
      this.logger.warn({ msg: 'live updates unavailable for now', error: (error as Error).name });
    }
  }

  /** Opens a subscription (after the caller checked the viewer may see `only`); refused past the caps. */
  subscribe<T>(o: SubscribeOptions<T>): AsyncIterableIterator<T> {
    const personId = o.viewer.personId;
    const perSocket = this.config.LIVE_MAX_SUBSCRIPTIONS_PER_SOCKET;
    const perAccount = this.config.LIVE_MAX_SUBSCRIPTIONS_PER_ACCOUNT;
    if (o.socket && o.socket.subscriptions >= perSocket)
      throw new DomainError(
        ErrorCode.RATE_LIMITED,
        `Too many subscriptions on this connection: at most ${perSocket} at once; stop one before starting another`,
        undefined,
        { limit: perSocket },
      );
    if ((this.perAccount.get(personId) ?? 0) >= perAccount)
      throw new DomainError(
        ErrorCode.RATE_LIMITED,
        `Too many subscriptions for this account: at most ${perAccount} at once across connections; stop one before starting another`,
        undefined,
        { limit: perAccount },
      );

    const topicMap = this.byTopic[o.topic];
    let own = topicMap.get(personId);
    if (!own) topicMap.set(personId, (own = new Set()));
    const subscriber: Subscriber = { only: o.only, push: () => undefined };
    const channel = new Channel<T>(o.load, o.isEnd, () => this.remove(o.topic, personId, subscriber, o.socket), this.logger);
    subscriber.push = (id) => channel.push(id);
    own.add(subscriber);
    if (o.only) this.filtered[o.topic].set(o.only, (this.filtered[o.topic].get(o.only) ?? 0) + 1);
    else this.unfiltered[o.topic]++;
    this.perAccount.set(personId, (this.perAccount.get(personId) ?? 0) + 1);
    if (o.socket) o.socket.subscriptions++;
    if (o.only && o.initial) channel.push(o.only, o.initial === 'ifEnded' ? o.isEnd : undefined);
    return channel;
  }

  private remove(topic: Topic, personId: string, subscriber: Subscriber, socket: LiveSocket | undefined): void {
    const own = this.byTopic[topic].get(personId);
    if (!own?.delete(subscriber)) return;
    if (!own.size) this.byTopic[topic].delete(personId);
    if (subscriber.only) {
      const left = (this.filtered[topic].get(subscriber.only) ?? 1) - 1;
      if (left > 0) this.filtered[topic].set(subscriber.only, left);
      else this.filtered[topic].delete(subscriber.only);
    } else this.unfiltered[topic]--;
    const count = (this.perAccount.get(personId) ?? 1) - 1;
    if (count > 0) this.perAccount.set(personId, count);
    else this.perAccount.delete(personId);
    if (socket) socket.subscriptions = Math.max(0, socket.subscriptions - 1);
  }

  /** Open subscriptions on this replica, by topic (for tests and the benchmark's report). */
  counts(): Record<Topic, number> {
    const count = (topic: Topic) => [...this.byTopic[topic].values()].reduce((n, set) => n + set.size, 0);
    return { intro: count('intro'), import: count('import') };
  }

  private route(topic: Topic, id: string): void {
    // Nobody here wants it: no read at all.
    if (!this.unfiltered[topic] && !this.filtered[topic].has(id)) return;
    const previous = this.pending.get(`${topic}:${id}`) ?? Promise.resolve();
    const next = previous
      .then(async () => {
        const audience = await this.audience(topic, id);
        for (const personId of audience) {
          for (const subscriber of this.byTopic[topic].get(personId) ?? []) {
            if (subscriber.only === null || subscriber.only === id) subscriber.push(id);
          }
        }
      })
      .catch((error: unknown) => this.logger.warn({ msg: 'live update not routed', topic, error: (error as Error).name }))
      .finally(() => {
        if (this.pending.get(`${topic}:${id}`) === next) this.pending.delete(`${topic}:${id}`);
      });
    this.pending.set(`${topic}:${id}`, next);
  }

  /** Who may see a change: read once per change, never per subscriber. A job's owner never changes, so it is kept. */
  private async audience(topic: Topic, id: string): Promise<string[]> {
    if (topic === 'intro') return this.intros.audience(id);
    const known = this.jobOwners.get(id);
    if (known) return [known];
    const owner = await this.imports.owner(id);
    if (!owner) return [];
    if (this.jobOwners.size > 10_000) this.jobOwners.clear();
    this.jobOwners.set(id, owner);
    return [owner];
  }

  onApplicationShutdown(): void {
    this.subscriber?.disconnect();
  }
}
