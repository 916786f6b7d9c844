import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AccountRole, Viewer } from '#libs/auth';
import { DomainError, ErrorCode } from '#libs/common';
import { ConfigModule } from '#libs/config';
import { GraphModule, MigrationsRunner, repoRoot } from '#libs/graph';
import { CoachAssignmentService, CoachingModule } from '#libs/coaching';
import { AccountService, NetworkModule, NetworkService, type ContactData, type WorkRoleData } from '#libs/network';
import { SeedLedger } from './seed-ledger.js';

interface DemoAccount {
  sub: string;
  name: string;
  email: string;
  roles: AccountRole[];
  headline?: string;
  lendsNetwork?: boolean;
  goals?: { work: string; location?: string; note?: string }[];
  workRoles?: WorkRoleData[];
}

interface DemoNetwork {
  accounts: DemoAccount[];
  contacts: Record<string, (Omit<ContactData, 'lastContactAt'> & { lastContactAt?: string })[]>;
  /** Coach sub -> member subs on their caseload. */
  caseloads?: Record<string, string[]>;
}

@Module({ imports: [ConfigModule, GraphModule, NetworkModule, CoachingModule], providers: [SeedLedger] })
class SeedModule {}

/**
 * npm run seed: loads graph/demo/demo-network.json through the same services the API uses
 * (validation, entity resolution, occupation matching). Each item is added once, ever (SeedLedger): a restart
 * adds only what is missing and never undoes what the user changed since (removed contacts, settings,
 * goals, a member moved to another coach). `npm run demo -- --reset` starts afresh.
 */
export async function seedDemo(): Promise<{ accounts: number; contacts: number }> {
  const app = await NestFactory.createApplicationContext(SeedModule, { logger: ['error', 'warn'] });
  try {
    await app.get(MigrationsRunner).run();
    const accounts = app.get(AccountService);
    const network = app.get(NetworkService);
    const demo = JSON.parse(readFileSync(join(repoRoot(), 'graph', 'demo', 'demo-network.json'), 'utf8')) as DemoNetwork;
    const ledger = app.get(SeedLedger);
    const seeded = await ledger.done();
    const once = async (key: string, add: () => Promise<void>) => {
      if (seeded.has(key)) return;
      await add();
      await ledger.record(key);
    };
    const viewers = new Map<string, Viewer>();
    for (const a of demo.accounts) {
      const viewer = await accounts.viewerFor({ sub: a.sub, name: a.name, email: a.email, emailVerified: true, roles: a.roles, issuedAtMs: Date.now() });
      viewers.set(a.sub, viewer);
      await once(`account:${a.sub}`, async () => {
        await accounts.updateSettings(viewer, { headline: a.headline ?? null, lendsNetwork: a.lendsNetwork, roles: a.workRoles });
        if (a.goals) await accounts.setGoals(viewer, a.goals);
      });
    }
    let added = 0;
    for (const [sub, contacts] of Object.entries(demo.contacts)) {
      const viewer = viewers.get(sub)!;
      // Contacts without email, phone or LinkedIn are never matched by name, so skip names already seeded.
      const known = new Set((await network.network(viewer, { first: 100 })).items.map((r) => r.person.displayName));
      for (const c of contacts) {
        await once(`contact:${sub}:${c.displayName}`, async () => {
          if (known.has(c.displayName)) return;
          try {
            await network.addContact(viewer, { ...c, lastContactAt: c.lastContactAt ? new Date(c.lastContactAt) : null });
            added++;
          } catch (error) {
            if (!(error instanceof DomainError && error.code === ErrorCode.CONFLICT)) throw error;
          }
        });
      }
    }
    // The demo's caseloads are set up as an admin would (members join real caseloads by accepting an invitation).
    const assignments = app.get(CoachAssignmentService);
    for (const [coachSub, memberSubs] of Object.entries(demo.caseloads ?? {})) {
      const coach = viewers.get(coachSub)!;
      for (const memberSub of memberSubs) {
        // Once ever, and never over the user's changes: a member someone moved to another coach stays there.
        await once(`caseload:${coachSub}:${memberSub}`, () => assignments.seedAssign(viewers.get(memberSub)!.personId, coach.personId));
      }
    }
    return { accounts: demo.accounts.length, contacts: added };
  } finally {
    await app.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  seedDemo()
    .then(({ accounts, contacts }) => process.stdout.write(`demo network ready: ${accounts} accounts, ${contacts} new contacts\n`))
    .catch((error: Error) => {
      process.stderr.write(`seeding failed: ${error.stack}\n`);
      process.exit(1);
    });
}
