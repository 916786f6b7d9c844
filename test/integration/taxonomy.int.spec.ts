import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { ConfigModule } from '#libs/config';
import { GraphModule, loadMigrations, MigrationsRunner, Neo4jService } from '#libs/graph';
import { NetworkModule, OccupationMatcher } from '#libs/network';
import { PathsModule, PathsRepository } from '#libs/paths';

@Module({ imports: [ConfigModule, GraphModule, NetworkModule, PathsModule] })
class TestModule {}

let app: INestApplicationContext;
beforeAll(async () => {
  app = await NestFactory.createApplicationContext(TestModule, { logger: ['error'] });
});
afterAll(async () => {
  await app.close();
});

describe('migrations against the real Neo4j', () => {
  it('have all run once and are recorded', async () => {
    const neo4j = app.get(Neo4jService);
    const recorded = await neo4j.readRows<{ version: number }>('MATCH (m:Migration) RETURN m.version AS version ORDER BY version');
    expect(recorded.map((r) => r.version)).toEqual(loadMigrations().map((m) => m.version));
  });

  it('are idempotent: a second run applies nothing and changes no counts', async () => {
    const neo4j = app.get(Neo4jService);
    const count = () => neo4j.readRows<{ o: number; t: number }>('MATCH (o:Occupation) WITH count(o) AS o MATCH (t:OccupationTitle) RETURN o, count(t) AS t');
    const before = await count();
    expect(await app.get(MigrationsRunner).run()).toEqual([]);
    expect(await count()).toEqual(before);
    expect(before[0]).toEqual({ o: 412, t: 31954 });
  });

  it('create the constraints and the full-text index', async () => {
    const neo4j = app.get(Neo4jService);
    const constraints = await neo4j.readRows<{ name: string }>('SHOW CONSTRAINTS YIELD name RETURN name');
    expect(constraints.map((c) => c.name)).toEqual(expect.arrayContaining(['person_id', 'account_sub', 'identity_key', 'occupation_code']));
    const indexes = await neo4j.readRows<{ name: string; type: string; state: string }>('SHOW INDEXES YIELD name, type, state RETURN name, type, state');
    expect(indexes).toEqual(expect.arrayContaining([{ name: 'work_titles', type: 'FULLTEXT', state: 'ONLINE' }]));
  });

  it('let the work titles index take writes in the background, and a search over roles still finds one recorded a moment ago', async () => {
    const neo4j = app.get(Neo4jService);
    const [index] = await neo4j.readRows<{ config: Record<string, unknown> }>(
      "SHOW INDEXES YIELD name, options WHERE name = 'work_titles' RETURN options.indexConfig AS config",
    );
    expect(index.config).toMatchObject({ 'fulltext.analyzer': 'english', 'fulltext.eventually_consistent': true });
    // Without the wait in targetsByTitle most of these searches missed the role just written (85 of 100 when tried).
    const repo = app.get(PathsRepository);
    const run = `ft-${process.pid}-${Date.now()}`;
    try {
      for (let i = 0; i < 20; i++) {
        const [{ key }] = await neo4j.writeRows<{ key: string }>(
          `CREATE (p:Person {id: $id})-[:HAS_ROLE]->(:Role {id: $id + '-role', title: $title, current: true, lent: true, recordedBy: $id})
           RETURN elementId(p) AS key`,
          { id: `${run}-${i}`, title: `Zorblaxian${i} technician` },
        );
        expect(await repo.targetsByTitle('someone-else', `zorblaxian${i}`, 10)).toEqual([key]);
      }
    } finally {
      await neo4j.writeRows('MATCH (p:Person)-[:HAS_ROLE]->(r:Role) WHERE p.id STARTS WITH $run DETACH DELETE p, r', { run });
    }
  });
});

describe('matching work titles to SOC 2020', () => {
  const cases: [string, string | null, string | null, string | null][] = [
    ['paramedic', null, null, '2255'],
    ['Paramedic, ambulance service', null, null, '2255'],
    ['HCPC paramedic', null, null, '2255'],
    ['Senior software developer', 'Acme Ltd', null, '2134'],
    ['Youth worker', null, null, '3221'],
    ['Nurse', 'Smile Dental Practice', null, '6133'],
    ['Nurse', null, null, '2237'],
    ['Wireman', 'Network Rail', 'railways', '5242'],
    ['Chief vibes officer', null, null, null],
    ['Paramedics', null, null, '2255'],
    ['Youth workers', 'Leeds City Council', null, '3221'],
  ];
  it.each(cases)('%s (organisation %s, sector %s) -> %s', async (title, organisation, sector, code) => {
    expect(await app.get(OccupationMatcher).match({ title, organisation, sector })).toBe(code);
  });
});
