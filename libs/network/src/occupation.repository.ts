import { Inject, Injectable } from '@nestjs/common';
import { Neo4jService } from '#libs/graph';
import type { OccupationView } from './network.types.js';

export interface TitleCandidate {
  title: string;
  normTitle: string;
  code: string;
  qualifier: string;
  industry: string;
  score: number;
}

@Injectable()
export class OccupationRepository {
  constructor(@Inject(Neo4jService) private readonly neo4j: Neo4jService) {}

  byCode(code: string): Promise<OccupationView | null> {
    return this.neo4j
      .readRows<OccupationView>('MATCH (o:Occupation {code: $code}) RETURN o.code AS code, o.title AS title', { code })
      .then((r) => r[0] ?? null);
  }

  exactTitles(normTitle: string): Promise<TitleCandidate[]> {
    return this.neo4j.readRows<TitleCandidate>(
      `MATCH (t:OccupationTitle {normTitle: $normTitle})
       RETURN t.title AS title, t.normTitle AS normTitle, t.code AS code,
              coalesce(t.qualifier, '') AS qualifier, coalesce(t.industry, '') AS industry, 1.0 AS score
       ORDER BY t.id`,
      { normTitle },
    );
  }

  /** Full-text hits among taxonomy titles (the English analyzer stems; `~` terms allow small typos). */
  fulltextTitles(luceneQuery: string, limit = 40): Promise<TitleCandidate[]> {
    return this.neo4j.readRows<TitleCandidate>(
      `CALL db.index.fulltext.queryNodes('work_titles', $q, {limit: toInteger($limit)}) YIELD node, score
       WHERE node:OccupationTitle
       RETURN node.title AS title, node.normTitle AS normTitle, node.code AS code,
              coalesce(node.qualifier, '') AS qualifier, coalesce(node.industry, '') AS industry, score`,
      { q: luceneQuery, limit },
    );
  }

  /** Occupations ranked by their best full-text hit over unit-group titles and index titles. */
  search(luceneQuery: string, first: number): Promise<OccupationView[]> {
    return this.searchScored(luceneQuery, first).then((rows) => rows.map(({ code, title }) => ({ code, title })));
  }

  searchScored(luceneQuery: string, first: number): Promise<(OccupationView & { score: number })[]> {
    return this.neo4j.readRows<OccupationView & { score: number }>(
      `CALL db.index.fulltext.queryNodes('work_titles', $q, {limit: 400}) YIELD node, score
       WHERE node:Occupation OR node:OccupationTitle
       WITH CASE WHEN node:Occupation THEN node.code ELSE node.code END AS code,
            CASE WHEN node:Occupation THEN score * 1.2 ELSE score END AS score
       WITH code, max(score) AS best
       MATCH (o:Occupation {code: code})
       RETURN o.code AS code, o.title AS title, best AS score
       ORDER BY best DESC, code
       LIMIT toInteger($first)`,
      { q: luceneQuery, first },
    );
  }
}
