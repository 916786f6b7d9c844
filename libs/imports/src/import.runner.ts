import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '#libs/config';
import { Neo4jService } from '#libs/graph';
import { IdentityKeys, OccupationMatcher } from '#libs/network';
import { IMPORT_PROGRESS_CHANNEL, importQueueJobId, JobName, JobQueue, QueueService } from '#libs/queue';
import { ImportFormatError, MAX_ROW_ERRORS } from './import.types.js';
import { ImportsRepository, type ResolvedRow } from './imports.repository.js';
import { parseContacts } from './parsers.js';
import { prepareContacts, type PreparedContact } from './prepare.js';

const STOPPED_BY_FAULT =
  'This import stopped because of a fault on our side. The contacts it had already added are kept. ' +
  'Please import the same file again to add the rest: contacts already added are not added twice.';

/**
 * Runs one import job in the worker: parse the whole file first (a file that is not the declared
 * format fails the job before anything is written), fold duplicates, then write in batches. Each
 * batch commits with its progress, so a job that dies resumes after its last committed batch.
 */
@Injectable()
export class ImportRunner {
  private readonly logger = new Logger('ImportRunner');

  constructor(
    @Inject(ImportsRepository) private readonly repo: ImportsRepository,
    @Inject(Neo4jService) private readonly neo4j: Neo4jService,
    @Inject(IdentityKeys) private readonly identity: IdentityKeys,
    @Inject(OccupationMatcher) private readonly matcher: OccupationMatcher,
    @Inject(QueueService) private readonly queues: QueueService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async run(jobId: string): Promise<void> {
    const job = await this.repo.forRun(jobId);
    if (!job || job.status === 'COMPLETED' || job.status === 'FAILED') return;
    if (job.content === null) {
      await this.repo.finish(jobId, 'FAILED', 'The uploaded file is no longer stored.', null);
      return this.announce(jobId);
    }
    const phases = { parse: 0, match: 0, resolve: 0, write: 0 };
    let mark = performance.now();
    const lap = (phase: keyof typeof phases) => {
      const now = performance.now();
      phases[phase] += now - mark;
      mark = now;
    };
    let prepared;
    let totalRows: number;
    try {
      const raw = parseContacts(job.content, job.format);
      totalRows = raw.length;
      prepared = prepareContacts(raw, this.identity, job.ownerId);
    } catch (error) {
      if (!(error instanceof ImportFormatError)) throw error;
      await this.repo.finish(jobId, 'FAILED', error.message, null);
      this.logger.warn({ msg: 'import failed: not the declared format', jobId, format: job.format });
      return this.announce(jobId);
    }
    lap('parse');
    await this.repo.start(jobId, {
      totalRows,
      skipped: prepared.skipped,
      errors: prepared.errors.slice(0, MAX_ROW_ERRORS),
      errorCount: prepared.errors.length,
    });
    await this.announce(jobId);

    const size = this.config.IMPORT_BATCH_SIZE;
    const batches = Math.ceil(prepared.contacts.length / size);
    const codes = new Map<string, Promise<string | null>>();
    for (let b = job.batchesDone; b < batches; b++) {
      const batch = prepared.contacts.slice(b * size, (b + 1) * size);
      mark = performance.now();
      const roleCodes = await inParallel(batch, 8, (c) => (c.role ? this.codeFor(codes, c.role) : Promise.resolve(null)));
      lap('match');
      const done = Math.min(prepared.contacts.length, (b + 1) * size);
      const processedRows = Math.round((totalRows * done) / Math.max(1, prepared.contacts.length));
      const written = await this.neo4j.write(async (tx) => {
        mark = performance.now();
        if (!(await this.repo.alive(tx, jobId, job.ownerId))) return false;
        const found = await this.repo.resolve(
          tx,
          job.ownerId,
          batch.map((c, i) => ({ i, keys: c.keys, importKey: c.importKey, emails: c.emails, phones: c.phones, linkedinUrl: c.linkedinUrl })),
        );
        lap('resolve');
        const rows: ResolvedRow[] = [];
        const isNew: boolean[] = [];
        let created = 0;
        let linked = 0;
        let self = 0;
        for (const f of found) {
          const c = batch[f.i];
          // A person the owner already has only through identifiers others typed becomes a separate
          // contact, and only the owner's own contacts count as "linked": the counts reveal nothing
          // about who else is in the graph.
          const existing = f.mine && !f.ownClaim ? f.byImportKey : (f.byKey ?? f.byImportKey);
          // Someone who objected to being held (suppressed) is left out, like the importer themselves.
          if (existing === job.ownerId || f.suppressed) {
            self++;
            continue;
          }
          if (existing && (f.mine || f.byImportKey === existing)) linked++;
          else created++;
          isNew.push(!existing);
          rows.push(resolved(c, existing ?? randomUUID(), roleCodes[f.i]));
        }
        await this.repo.write(tx, job.ownerId, { id: job.id, format: job.format, context: job.context, strength: job.strength }, rows, isNew);
        await this.repo.progress(tx, jobId, { batch: b, processedRows, created, linkedExisting: linked, skipped: self });
        lap('write');
        return true;
      });
      if (!written) {
        this.logger.log({ msg: 'import stopped: its account was erased', jobId });
        return;
      }
      await this.announce(jobId);
    }
    await this.repo.finish(jobId, 'COMPLETED', null, totalRows);
    this.logger.log({
      msg: 'import completed',
      jobId,
      rows: totalRows,
      batches,
      ms: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(v)])),
    });
    await this.announce(jobId);
  }

  /**
   * Ends for its member an import whose queue job failed for good (its retries used up, or stalled
   * too often), and hands again to the queue one whose job Redis no longer holds (lost in a Redis
   * crash before it was written to disk). Without this such an import would show "running" forever
   * and keep its upload. Only imports older than IMPORT_SWEEP_AFTER_SECONDS are looked at.
   */
  async settleAbandoned(limit = 100): Promise<{ failed: number; requeued: number }> {
    const queue = this.queues.queue(JobQueue[JobName.ImportRun]);
    let failed = 0;
    let requeued = 0;
    for (const id of await this.repo.unfinished(this.config.IMPORT_SWEEP_AFTER_SECONDS * 1000, limit)) {
      const queueJobId = importQueueJobId(id);
      const state = await queue.getJobState(queueJobId);
      if (state === 'failed') {
        if (await this.repo.finish(id, 'FAILED', STOPPED_BY_FAULT, null)) {
          failed++;
          await this.announce(id);
        }
      } else if (state === 'unknown') {
        await this.queues.enqueue(JobName.ImportRun, { jobId: id }, { jobId: queueJobId });
        requeued++;
      }
    }
    if (failed || requeued) this.logger.warn({ msg: 'settled imports whose queue job had ended or gone', failed, requeued });
    return { failed, requeued };
  }

  /** Work titles repeat across a file: match each (title, organisation) once per job. */
  private codeFor(cache: Map<string, Promise<string | null>>, role: { title: string; organisation: string | null }): Promise<string | null> {
    const key = `${role.title.toLowerCase()}|${(role.organisation ?? '').toLowerCase()}`;
    if (!cache.has(key)) cache.set(key, this.matcher.match({ title: role.title, organisation: role.organisation }));
    return cache.get(key)!;
  }

  private async announce(jobId: string): Promise<void> {
    try {
      await this.queues.publish(IMPORT_PROGRESS_CHANNEL, jobId);
    } catch {
      // progress updates are best effort; importJob always has the current figures
    }
  }
}

/** Maps with at most `limit` calls in flight, so a batch does not flood the database pool. */
async function inParallel<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

function resolved({ row: _row, role, ...contact }: PreparedContact, personId: string, code: string | null): ResolvedRow {
  return { ...contact, personId, role: role ? { id: randomUUID(), title: role.title, organisation: role.organisation, code } : null };
}
