import { Inject, Injectable } from '@nestjs/common';
import { ACCOUNT_ROLES, type AccountRole, type Viewer } from '#libs/auth';
import { badInput, checkedText, checkPageSize, decodeCursor, encodeCursor } from '#libs/common';
import type { PersonView } from '#libs/network';
import { CoachDirectoryRepository } from './coach-directory.repository.js';
import { CoachingRepository } from './coaching.repository.js';

export interface CoachMemberView {
  member: PersonView;
  onMyCaseload: boolean;
  /** The coach's unanswered invitation to this member, when they are not on the caseload yet. */
  invitationId: string | null;
}

export interface AccountListingView {
  person: PersonView;
  roles: AccountRole[];
  coach: PersonView | null;
  /** For coaches: members on their caseload now. */
  caseloadSize: number | null;
}

const SEARCH_MAX = 100;

/** Finding people by name: coaches among their own members and invitations, admins among every account. */
@Injectable()
export class CoachDirectoryService {
  constructor(
    @Inject(CoachDirectoryRepository) private readonly repo: CoachDirectoryRepository,
    @Inject(CoachingRepository) private readonly coaching: CoachingRepository,
  ) {}

  async coachMembers(viewer: Viewer, search: string | null, first: number, after: string | null) {
    checkPageSize(first, 'first', 100);
    const { rows, totalCount } = await this.repo.coachMembers(viewer.personId, searchText(search), first, nameCursor(after));
    const shown = rows.slice(0, first);
    const people = await this.people(
      viewer.personId,
      shown.map((r) => r.memberId),
    );
    const items = shown
      .filter((r) => people.has(r.memberId))
      .map((r) => {
        const person = people.get(r.memberId)!;
        // Until the member accepts, their coach-to-be sees their name only.
        const member = r.onCaseload ? person : { ...person, headline: null, roles: [] };
        return { cursor: encodeCursor([r.sortName, r.memberId]), view: { member, onMyCaseload: r.onCaseload, invitationId: r.invitationId } };
      });
    return { items, hasNextPage: rows.length > first, totalCount };
  }

  async accounts(p: { search: string | null; role: AccountRole | null; withoutCoach: boolean; first: number; after: string | null }) {
    checkPageSize(p.first, 'first', 100);
    if (p.role !== null && !ACCOUNT_ROLES.includes(p.role)) throw badInput('role', `must be one of ${ACCOUNT_ROLES.join(', ')}`);
    const { rows, totalCount } = await this.repo.accounts({
      search: searchText(p.search),
      role: p.role,
      withoutCoach: p.withoutCoach,
      first: p.first,
      after: nameCursor(p.after),
    });
    const shown = rows.slice(0, p.first);
    const people = await this.people('', [...new Set(shown.flatMap((r) => [r.personId, ...(r.coachId ? [r.coachId] : [])]))]);
    const items = shown
      .filter((r) => people.has(r.personId))
      .map((r) => ({
        cursor: encodeCursor([r.sortName, r.personId]),
        view: {
          person: people.get(r.personId)!,
          roles: r.roles.filter((x): x is AccountRole => ACCOUNT_ROLES.includes(x as AccountRole)),
          coach: r.coachId ? (people.get(r.coachId) ?? null) : null,
          caseloadSize: r.load,
        },
      }));
    return { items, hasNextPage: rows.length > p.first, totalCount };
  }

  private async people(viewerId: string, ids: string[]): Promise<Map<string, PersonView>> {
    if (!ids.length) return new Map();
    return new Map((await this.coaching.people(viewerId, ids)).map((p) => [p.id, p.person]));
  }
}

function searchText(search: string | null): string | null {
  const text = checkedText(search, 'search', SEARCH_MAX);
  return text ? text.toLowerCase() : null;
}

function nameCursor(after: string | null): [string, string] | null {
  const key = decodeCursor(after, 'after');
  if (key && (key.length !== 2 || typeof key[0] !== 'string' || typeof key[1] !== 'string'))
    throw badInput('after', 'is not a cursor returned by this connection');
  return key as [string, string] | null;
}
