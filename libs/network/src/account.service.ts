import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { TokenClaims, Viewer } from '#libs/auth';
import { badInput, unauthenticated } from '#libs/common';
import { AccountRepository } from './account.repository.js';
import { IdentityKeys } from './identity-keys.js';
import { normaliseEmail } from './identity.normalise.js';
import type { AccountView, WorkGoalView, WorkRoleData } from './network.types.js';
import { RoleBuilder } from './role.builder.js';

const PROVISION_TTL_MS = 60_000;
const MAX_GOALS = 10;

@Injectable()
export class AccountService {
  /** sub -> provisioned person, so that steady traffic does not write on every request. */
  private readonly provisioned = new Map<string, { personId: string; fingerprint: string; until: number }>();

  constructor(
    @Inject(AccountRepository) private readonly accounts: AccountRepository,
    @Inject(IdentityKeys) private readonly identity: IdentityKeys,
    @Inject(RoleBuilder) private readonly roles: RoleBuilder,
  ) {}

  async viewerFor(claims: TokenClaims): Promise<Viewer> {
    const fingerprint = `${claims.roles.join(',')}|${claims.name ?? ''}|${claims.email ?? ''}|${claims.emailVerified}`;
    const cached = this.provisioned.get(claims.sub);
    if (cached && cached.fingerprint === fingerprint && cached.until > Date.now()) {
      return { sub: claims.sub, personId: cached.personId, roles: claims.roles };
    }
    let email: string | null;
    try {
      email = claims.email ? normaliseEmail(claims.email) : null;
    } catch {
      email = null; // an unusable email claim does not block sign-in; it just is not used for matching
    }
    const volunteer = claims.roles.includes('VOLUNTEER');
    const personId = await this.accounts.provision({
      sub: claims.sub,
      subjectKey: this.identity.subjectKey(claims.sub),
      issuedAtMs: claims.issuedAtMs,
      newPersonId: randomUUID(),
      displayName: claims.name ?? null,
      accountEmail: email,
      // Only a verified email may bind this account to a person others recorded.
      emailKey: email && claims.emailVerified ? this.identity.key('email', email) : null,
      roles: claims.roles,
      lendsNetwork: volunteer,
      brokerCapacity: volunteer ? 5 : 2,
    });
    if (this.provisioned.size > 50_000) this.provisioned.clear();
    this.provisioned.set(claims.sub, { personId, fingerprint, until: Date.now() + PROVISION_TTL_MS });
    return { sub: claims.sub, personId, roles: claims.roles };
  }

  /** Drops the cached sign-in of an erased account, so this replica stops serving it at once. */
  forgetPerson(personId: string): void {
    for (const [sub, entry] of this.provisioned) if (entry.personId === personId) this.provisioned.delete(sub);
  }

  async account(viewer: Viewer): Promise<AccountView> {
    const account = await this.accounts.account(viewer.personId);
    if (!account) throw unauthenticated('This account no longer exists');
    return { ...account, roles: viewer.roles };
  }

  goals(personId: string): Promise<WorkGoalView[]> {
    return this.accounts.goals(personId);
  }

  async updateSettings(
    viewer: Viewer,
    input: {
      lendsNetwork?: boolean | null;
      brokerCapacity?: number | null;
      headline?: string | null;
      roles?: WorkRoleData[] | null;
      awayUntil?: Date | null;
      autoReroute?: boolean | null;
    },
  ): Promise<AccountView> {
    const away = input.awayUntil;
    if (away && (Number.isNaN(away.getTime()) || away.getTime() > Date.now() + 366 * 24 * 3600 * 1000)) {
      throw badInput('input.awayUntil', 'must be a date within the next year (or null to say you are back)');
    }
    if (input.brokerCapacity !== undefined && input.brokerCapacity !== null) {
      if (!Number.isInteger(input.brokerCapacity) || input.brokerCapacity < 0 || input.brokerCapacity > 50) {
        throw badInput('input.brokerCapacity', 'must be an integer from 0 to 50');
      }
    }
    const headline = input.headline === undefined ? null : input.headline?.trim() || null;
    if (headline && headline.length > 200) throw badInput('input.headline', 'must be at most 200 characters');
    const roles = input.roles ? await this.roles.build(input.roles, 'input.roles') : null;
    await this.accounts.updateSettings(viewer.personId, {
      lendsNetwork: input.lendsNetwork,
      brokerCapacity: input.brokerCapacity,
      headlineSet: input.headline !== undefined,
      headline,
      roles,
      awaySet: input.awayUntil !== undefined,
      awayUntil: away ? away.toISOString() : null,
      autoReroute: input.autoReroute,
    });
    return this.account(viewer);
  }

  async setGoals(viewer: Viewer, goals: { work: string; location?: string | null; note?: string | null }[]): Promise<WorkGoalView[]> {
    if (goals.length > MAX_GOALS) throw badInput('goals', `at most ${MAX_GOALS} goals`);
    const records = [];
    for (const [i, g] of goals.entries()) {
      const work = g.work.trim();
      if (!work) throw badInput(`goals[${i}].work`, 'must not be empty');
      if (work.length > 200) throw badInput(`goals[${i}].work`, 'must be at most 200 characters');
      const location = g.location?.trim() || null;
      if (location && location.length > 200) throw badInput(`goals[${i}].location`, 'must be at most 200 characters');
      const note = g.note?.trim() || null;
      if (note && note.length > 2000) throw badInput(`goals[${i}].note`, 'must be at most 2000 characters');
      const code = await this.roles.matchTitle(work);
      records.push({ id: randomUUID(), work, location, note, code });
    }
    await this.accounts.setGoals(viewer.personId, records);
    return this.accounts.goals(viewer.personId);
  }
}
