import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { normaliseText } from '#libs/common';
import { repoRoot } from '#libs/graph';

export interface UnitGroup {
  code: string;
  title: string;
  minorGroup: string;
  minorGroupTitle: string;
}

export interface IndexEntry {
  title: string;
  norm: string;
  code: string;
  qualifier: string;
  industry: string;
}

export interface TaxonomyData {
  unitGroups: Map<string, UnitGroup>;
  entries: IndexEntry[];
}

let loaded: TaxonomyData | null = null;

/**
 * The ONS SOC 2020 files the migrations load into Neo4j, read once into memory: interpretation is
 * pure computation over 32k titles, faster and more predictable in memory than as a query per phrase.
 */
export function soc2020(root = repoRoot()): TaxonomyData {
  if (loaded) return loaded;
  const dir = join(root, 'graph', 'taxonomy', 'soc2020');
  const groups = parse<Record<string, string>>(readFileSync(join(dir, 'unit-groups.csv'), 'utf8'), { columns: true, skip_empty_lines: true });
  const index = parse<Record<string, string>>(readFileSync(join(dir, 'coding-index.csv'), 'utf8'), { columns: true, skip_empty_lines: true });
  loaded = {
    unitGroups: new Map(groups.map((g) => [g.code, { code: g.code, title: g.title, minorGroup: g.minor_group, minorGroupTitle: g.minor_group_title }])),
    entries: index.map((r) => ({
      title: r.title,
      norm: normaliseText(r.title),
      code: r.code,
      qualifier: r.additional_qualifier ?? '',
      industry: r.industry_qualifier ?? '',
    })),
  };
  return loaded;
}

let workWords: Set<string> | null = null;

/** Whether a word is ordinary vocabulary of job titles in the coding index ("senior", "paramedic"; not "Uber"). */
export function isWorkWord(word: string): boolean {
  workWords ??= new Set(soc2020().entries.flatMap((e) => e.norm.split(' ')));
  return workWords.has(word.toLowerCase());
}
