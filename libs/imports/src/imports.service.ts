import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Viewer } from '#libs/auth';
import { badInput } from '#libs/common';
import { AppConfig } from '#libs/config';
import { Neo4jService } from '#libs/graph';
import { importQueueJobId, JobName, JobOutbox, type PlannedJob } from '#libs/queue';
import { IMPORT_FORMATS, type ImportFormat, type ImportJobView } from './import.types.js';
import { ImportsRepository } from './imports.repository.js';
import { sniff } from './parsers.js';

const CONTEXTS = ['FAMILY', 'FRIEND', 'EX_COLLEAGUE', 'COLLEAGUE', 'NEIGHBOUR', 'COMMUNITY', 'EDUCATION', 'EVENT', 'PROFESSIONAL', 'OTHER'];

export interface ImportInput {
  format: ImportFormat;
  content: string;
  defaultContext?: string | null;
  defaultStrength?: number | null;
}

/** The API side of imports: check the file, store it with its job, queue the job, return at once. */
@Injectable()
export class ImportsService {
  constructor(
    @Inject(ImportsRepository) private readonly repo: ImportsRepository,
    @Inject(Neo4jService) private readonly neo4j: Neo4jService,
    @Inject(JobOutbox) private readonly outbox: JobOutbox,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** `admit` runs once the file passed every check, just before the job is queued (the import rate limit: refused files do not count). */
  async importContacts(viewer: Viewer, input: ImportInput, admit: () => Promise<void> = async () => undefined): Promise<ImportJobView> {
    if (!IMPORT_FORMATS.includes(input.format)) throw badInput('input.format', `must be one of ${IMPORT_FORMATS.join(', ')}`);
    const context = input.defaultContext ?? 'OTHER';
    if (!CONTEXTS.includes(context)) throw badInput('input.defaultContext', `must be one of ${CONTEXTS.join(', ')}`);
    const strength = input.defaultStrength ?? 0.3;
    if (!Number.isFinite(strength) || strength < 0 || strength > 1) throw badInput('input.defaultStrength', 'must be a number from 0 to 1');
    const content = input.content ?? '';
    if (!content.trim()) throw badInput('input.content', 'the file is empty');
    const bytes = Buffer.byteLength(content, 'utf8');
    if (bytes > this.config.IMPORT_MAX_BYTES) {
      throw badInput('input.content', `the file is ${mb(bytes)}; the limit is ${mb(this.config.IMPORT_MAX_BYTES)} (split it, or export fewer contacts)`);
    }
    const problem = sniff(content, input.format);
    if (problem) throw badInput('input.content', `the file ${problem}`);
    await admit();

    const id = randomUUID();
    const jobs: PlannedJob[] = [{ name: JobName.ImportRun, data: { jobId: id }, jobId: importQueueJobId(id) }];
    await this.neo4j.write(async (tx) => {
      await this.repo.create(tx, { id, ownerId: viewer.personId, format: input.format, context, strength, content });
      await this.outbox.record(tx, jobs);
    });
    await this.outbox.flush(jobs);
    return (await this.repo.view(id, viewer.personId))!;
  }

  /** Only the member who imported may see a job: null for everyone else, as for unknown ids. */
  job(viewer: Viewer, jobId: string): Promise<ImportJobView | null> {
    return this.repo.view(jobId, viewer.personId);
  }

  /** The person id of the member who imported (live updates route on it in memory). */
  owner(jobId: string): Promise<string | null> {
    return this.repo.ownerOf(jobId);
  }

  async isOwner(viewer: Viewer, jobId: string): Promise<boolean> {
    return (await this.repo.ownerOf(jobId)) === viewer.personId;
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
