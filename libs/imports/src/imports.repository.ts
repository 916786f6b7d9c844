import { Inject, Injectable } from '@nestjs/common';
import { Neo4jService, recordPathChange, runRows, type Tx } from '#libs/graph';
import { claimsAnyOf } from '#libs/network';
import type { ImportFormat, ImportJobView, ImportStatus, RowError } from './import.types.js';
import type { PreparedContact } from './prepare.js';

const JOB_VIEW = `j {.id, .format, .status, .totalRows, .processedRows, .created, .linkedExisting, .skipped, .errorCount, .failure,
                   errors: j.errors, createdAt: toString(j.createdAt), finishedAt: toString(j.finishedAt)} AS job`;

interface RawJob extends Omit<ImportJobView, 'errors'> {
  errors: string;
}

const toView = (raw: RawJob): ImportJobView => ({ ...raw, errors: JSON.parse(raw.errors ?? '[]') as RowError[] });

export interface JobForRun {
  id: string;
  ownerId: string;
  format: ImportFormat;
  status: ImportStatus;
  batchesDone: number;
  context: string;
  strength: number;
  content: string | null;
}

/** One contact of a batch, resolved: the person it is (existing or new), its role matched to an occupation. */
export type ResolvedRow = Omit<PreparedContact, 'row' | 'role'> & {
  personId: string;
  role: { id: string; title: string; organisation: string | null; code: string | null } | null;
};

/** A current work role the importer recorded, for `p` from row `c` (expects v, p, c). */
const CREATE_ROLE = `
  WITH v, p, c WHERE c.role IS NOT NULL
  CREATE (p)-[:HAS_ROLE]->(role:Role {id: c.role.id, title: c.role.title, organisation: c.role.organisation, current: true,
                                     code: c.role.code, recordedBy: $ownerId, lent: coalesce(v.lendsNetwork, false), createdAt: datetime(),
                                     source: $format})
  WITH role, c
  OPTIONAL MATCH (o:Occupation {code: c.role.code})
  FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END | CREATE (role)-[:IN_OCCUPATION]->(o))`;

/** All Cypher for imports. */
@Injectable()
export class ImportsRepository {
  constructor(@Inject(Neo4jService) private readonly neo4j: Neo4jService) {}

  /** The job, its stored upload (until the job ends), in the caller's transaction. */
  async create(tx: Tx, job: { id: string; ownerId: string; format: ImportFormat; context: string; strength: number; content: string }): Promise<void> {
    await runRows(
      tx,
      `MATCH (v:Person {id: $ownerId})
       CREATE (j:ImportJob {id: $id, ownerId: $ownerId, format: $format, status: 'QUEUED', totalRows: null, processedRows: 0, created: 0,
                            linkedExisting: 0, skipped: 0, errors: '[]', errorCount: 0, batchesDone: 0, context: $context, strength: $strength,
                            createdAt: datetime()})
       CREATE (v)-[:IMPORTED]->(j)
       CREATE (j)-[:HAS_UPLOAD]->(:ImportUpload {content: $content, bytes: size($content)})`,
      job,
    );
  }

  async view(jobId: string, ownerId: string): Promise<ImportJobView | null> {
    const [row] = await this.neo4j.readRows<{ job: RawJob }>(`MATCH (j:ImportJob {id: $jobId}) WHERE j.ownerId = $ownerId RETURN ${JOB_VIEW}`, {
      jobId,
      ownerId,
    });
    return row ? toView(row.job) : null;
  }

  async ownerOf(jobId: string): Promise<string | null> {
    const [row] = await this.neo4j.readRows<{ ownerId: string }>(`MATCH (j:ImportJob {id: $jobId}) RETURN j.ownerId AS ownerId`, { jobId });
    return row?.ownerId ?? null;
  }

  async forRun(jobId: string): Promise<JobForRun | null> {
    const [row] = await this.neo4j.readRows<JobForRun>(
      `MATCH (j:ImportJob {id: $jobId})
       OPTIONAL MATCH (j)-[:HAS_UPLOAD]->(u:ImportUpload)
       RETURN j.id AS id, j.ownerId AS ownerId, j.format AS format, j.status AS status, j.batchesDone AS batchesDone,
              j.context AS context, j.strength AS strength, u.content AS content`,
      { jobId },
    );
    return row ?? null;
  }

  /** First start sets the totals; a resumed job keeps what its committed batches counted. */
  async start(jobId: string, totals: { totalRows: number; skipped: number; errors: RowError[]; errorCount: number }): Promise<void> {
    await this.neo4j.writeRows(
      `MATCH (j:ImportJob {id: $jobId})
       SET j.startedAt = coalesce(j.startedAt, datetime())
       WITH j WHERE j.status = 'QUEUED'
       SET j.status = 'RUNNING', j.totalRows = $totalRows, j.skipped = $skipped, j.errors = $errors, j.errorCount = $errorCount`,
      { jobId, ...totals, errors: JSON.stringify(totals.errors) },
    );
  }

  /** Whether the job still belongs to an account (an erased account's import stops at its next batch). */
  async alive(tx: Tx, jobId: string, ownerId: string): Promise<boolean> {
    const rows = await runRows(tx, `MATCH (:Person:Account {id: $ownerId})-[:IMPORTED]->(:ImportJob {id: $jobId}) RETURN 1 AS x`, { jobId, ownerId });
    return rows.length > 0;
  }

  /**
   * Which person each contact's keys find, whether the owner already has a relationship with that
   * person, and whether the owner's own record there holds one of the typed identifiers; and which
   * keyless contacts the owner already has.
   */
  async resolve(
    tx: Tx,
    ownerId: string,
    contacts: { i: number; keys: string[]; importKey: string | null; emails: string[]; phones: string[]; linkedinUrl: string | null }[],
  ): Promise<{ i: number; byKey: string | null; mine: boolean; ownClaim: boolean; byImportKey: string | null; suppressed: boolean }[]> {
    return runRows(
      tx,
      `UNWIND $contacts AS c
       CALL (c) {
         UNWIND c.keys AS key
         MERGE (ik:IdentityKey {key: key}) ON CREATE SET ik.createdAt = datetime()
         WITH ik
         OPTIONAL MATCH (ik)-[:IDENTIFIES]->(p:Person)
         RETURN head(collect(p.id)) AS byKey, any(k IN collect(ik) WHERE k:Suppressed) AS suppressed
       }
       OPTIONAL MATCH (:Person {id: $ownerId})-[k:KNOWS {recordedBy: $ownerId}]->(:Person {id: byKey})
       RETURN c.i AS i, byKey, suppressed, k IS NOT NULL AS mine,
              k IS NOT NULL AND ${claimsAnyOf('c')} AS ownClaim,
              CASE WHEN c.importKey IS NULL THEN null
                   ELSE head(COLLECT { MATCH (:Person {id: $ownerId})-[k2:KNOWS {recordedBy: $ownerId}]->(q:Person)
                                       WHERE k2.importKey = c.importKey RETURN q.id }) END AS byImportKey`,
      { ownerId, contacts },
    );
  }

  /**
   * Writes a batch as the owner's relationships, with provenance. People new to the graph are
   * created outright (nothing to look up); for people already there, an existing relationship
   * keeps its own values and only gains a stronger strength, a specific context and missing details.
   */
  async write(
    tx: Tx,
    ownerId: string,
    job: { id: string; format: ImportFormat; context: string; strength: number },
    rows: ResolvedRow[],
    isNew: boolean[],
  ): Promise<void> {
    const params = { ownerId, jobId: job.id, format: job.format, context: job.context, strength: job.strength };
    const fresh = rows.filter((_, i) => isNew[i]);
    const known = rows.filter((_, i) => !isNew[i]);
    if (fresh.length) {
      await runRows(
        tx,
        `MATCH (v:Person {id: $ownerId})
         UNWIND $rows AS c
         CREATE (p:Person {id: c.personId, displayName: c.displayName, createdAt: datetime(), createdBy: $ownerId})
         CREATE (v)-[:KNOWS {recordedBy: $ownerId, lent: coalesce(v.lendsNetwork, false), displayName: c.displayName, context: $context,
                            strength: $strength, email: c.emails[0], moreEmails: c.emails[1..], phone: c.phones[0], morePhones: c.phones[1..],
                            linkedinUrl: c.linkedinUrl, importKey: c.importKey, ref: randomUUID(),
                            createdAt: coalesce(datetime(c.connectedOn), datetime()), source: $format, importJob: $jobId, importedAt: datetime()}]->(p)
         WITH v, p, c
         CALL (p, c) {
           UNWIND c.keys AS key
           MATCH (ik:IdentityKey {key: key}) WHERE NOT (ik)-[:IDENTIFIES]->()
           CREATE (ik)-[:IDENTIFIES]->(p)
         }
         ${CREATE_ROLE}`,
        { ...params, rows: fresh },
      );
    }
    if (known.length) {
      await runRows(
        tx,
        `MATCH (v:Person {id: $ownerId})
         UNWIND $rows AS c
         MATCH (p:Person {id: c.personId})
         MERGE (v)-[k:KNOWS {recordedBy: $ownerId}]->(p)
           ON CREATE SET k.lent = coalesce(v.lendsNetwork, false), k.displayName = c.displayName, k.context = $context, k.strength = $strength,
                         k.email = c.emails[0], k.moreEmails = c.emails[1..], k.phone = c.phones[0], k.morePhones = c.phones[1..],
                         k.linkedinUrl = c.linkedinUrl, k.importKey = c.importKey, k.ref = randomUUID(),
                         k.createdAt = coalesce(datetime(c.connectedOn), datetime()),
                         k.source = $format, k.importJob = $jobId, k.importedAt = datetime()
           ON MATCH SET k.strength = CASE WHEN $strength > k.strength THEN $strength ELSE k.strength END,
                        k.context = CASE WHEN k.context = 'OTHER' THEN $context ELSE k.context END,
                        k.linkedinUrl = coalesce(k.linkedinUrl, c.linkedinUrl)
         WITH v, p, c
         WHERE NOT EXISTS { MATCH (p)-[:HAS_ROLE]->(r:Role {recordedBy: $ownerId}) WHERE toLower(r.title) = toLower(c.role.title) }
         ${CREATE_ROLE}`,
        { ...params, rows: known },
      );
    }
    if (rows.length)
      await recordPathChange(
        tx,
        rows.map((r) => r.personId),
        [ownerId],
      );
  }

  /** Counts a committed batch, in the batch's own transaction: a resumed job starts after it. */
  async progress(tx: Tx, jobId: string, p: { batch: number; processedRows: number; created: number; linkedExisting: number; skipped: number }): Promise<void> {
    await runRows(
      tx,
      `MATCH (j:ImportJob {id: $jobId})
       SET j.batchesDone = $batch + 1, j.processedRows = $processedRows, j.created = j.created + $created,
           j.linkedExisting = j.linkedExisting + $linkedExisting, j.skipped = j.skipped + $skipped`,
      { jobId, ...p },
    );
  }

  /**
   * Ends the job and drops the stored file (the contacts are in the graph; the upload is not kept).
   * A job that has ended never changes again; returns whether this call ended it.
   */
  async finish(jobId: string, status: 'COMPLETED' | 'FAILED', failure: string | null, totalRows: number | null): Promise<boolean> {
    const rows = await this.neo4j.writeRows<{ id: string }>(
      `MATCH (j:ImportJob {id: $jobId}) WHERE j.status IN ['QUEUED', 'RUNNING']
       SET j.status = $status, j.failure = $failure, j.finishedAt = datetime(),
           j.processedRows = CASE WHEN $status = 'COMPLETED' THEN coalesce($totalRows, j.processedRows) ELSE j.processedRows END,
           j.totalRows = coalesce(j.totalRows, $totalRows)
       WITH j
       OPTIONAL MATCH (j)-[:HAS_UPLOAD]->(u:ImportUpload)
       DETACH DELETE u
       RETURN DISTINCT j.id AS id`,
      { jobId, status, failure, totalRows },
    );
    return rows.length > 0;
  }

  /** Jobs not ended that were created before `olderThanMs` ago, oldest first. */
  async unfinished(olderThanMs: number, limit: number): Promise<string[]> {
    const rows = await this.neo4j.readRows<{ id: string }>(
      `MATCH (j:ImportJob) WHERE j.status IN ['QUEUED', 'RUNNING'] AND j.createdAt < datetime() - duration({milliseconds: $olderThanMs})
       RETURN j.id AS id ORDER BY j.createdAt LIMIT toInteger($limit)`,
      { olderThanMs, limit },
    );
    return rows.map((r) => r.id);
  }
}
