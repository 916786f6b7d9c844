import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { normaliseText } from '#libs/common';
import { Neo4jService } from './neo4j.service.js';
import { repoRoot } from './repo-paths.js';

export interface Migration {
  version: number;
  name: string;
  checksum: string;
  statements: string[];
  /** Optional CSV (relative to the repo root) whose rows are passed to every statement as $rows, in batches. */
  rowsFrom?: string;
}

const FILE = /^(\d{4})_([a-z0-9_]+)\.cypher$/;
const BATCH = 5000;

/** Parses graph/migrations: NNNN_name.cypher, statements separated by lines ending in ';'. */
export function loadMigrations(dir = join(repoRoot(), 'graph', 'migrations')): Migration[] {
  return readdirSync(dir)
    .filter((f) => FILE.test(f))
    .sort()
    .map((file) => {
      const [, version, name] = FILE.exec(file)!;
      const text = readFileSync(join(dir, file), 'utf8');
      const rowsFrom = /^\/\/ @rows (\S+)$/m.exec(text)?.[1];
      const statements = text
        .split(/;\s*$/m)
        .map((s) => s.replace(/^\s*\/\/.*$/gm, '').trim())
        .filter((s) => s.length > 0);
      return { version: Number(version), name, checksum: sha256(text), statements, rowsFrom };
    });
}

/**
 * Applies pending migrations in order and records each as (:Migration {version}).
 * Every statement is idempotent (IF NOT EXISTS / MERGE), so a run that dies half-way is simply run again.
 */
@Injectable()
export class MigrationsRunner {
  private readonly logger = new Logger('Migrations');

  constructor(@Inject(Neo4jService) private readonly neo4j: Neo4jService) {}

  async applied(): Promise<Map<number, string>> {
    const found = await this.neo4j.readRows<{ version: number; checksum: string }>('MATCH (m:Migration) RETURN m.version AS version, m.checksum AS checksum');
    return new Map(found.map((r) => [r.version, r.checksum]));
  }

  async run(migrations = loadMigrations()): Promise<string[]> {
    const done = await this.applied();
    const ran: string[] = [];
    for (const m of migrations) {
      const previous = done.get(m.version);
      if (previous !== undefined) {
        if (previous !== m.checksum) {
          this.logger.warn(`migration ${label(m)} changed after it was applied; write a new migration instead`);
        }
        continue;
      }
      const started = Date.now();
      await this.apply(m);
      await this.neo4j.writeRows('MERGE (m:Migration {version: $version}) SET m.name = $name, m.checksum = $checksum, m.appliedAt = datetime()', {
        version: m.version,
        name: m.name,
        checksum: m.checksum,
      });
      this.logger.log(`applied ${label(m)} in ${Date.now() - started} ms`);
      ran.push(label(m));
    }
    return ran;
  }

  private async apply(m: Migration): Promise<void> {
    if (!m.rowsFrom) {
      for (const statement of m.statements) await this.neo4j.runSchema(statement);
      return;
    }
    const records = parse<Record<string, string>>(readFileSync(join(repoRoot(), m.rowsFrom), 'utf8'), {
      columns: true,
      skip_empty_lines: true,
    });
    // normTitle is computed here so the service and the database normalise titles the same way.
    const rows = records.map((r, i) => ({ ...r, rowNumber: i + 1, normTitle: r.title ? normaliseText(r.title) : null }));
    for (const statement of m.statements) {
      for (let i = 0; i < rows.length; i += BATCH) {
        await this.neo4j.writeRows(statement, { rows: rows.slice(i, i + BATCH) });
      }
    }
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function label(m: Migration): string {
  return `${String(m.version).padStart(4, '0')}_${m.name}`;
}
