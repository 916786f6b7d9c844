import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { badInput, checkedText } from '#libs/common';
import type { RoleRecord, WorkRoleData } from './network.types.js';
import { OccupationMatcher } from './occupation.matcher.js';

const MAX_ROLES = 20;
const MAX_TEXT = 200;

/** Validates work roles typed by a person and matches each to the occupation taxonomy. */
@Injectable()
export class RoleBuilder {
  constructor(@Inject(OccupationMatcher) private readonly matcher: OccupationMatcher) {}

  async build(roles: WorkRoleData[], field: string): Promise<RoleRecord[]> {
    if (roles.length > MAX_ROLES) throw badInput(field, `at most ${MAX_ROLES} roles`);
    const out: RoleRecord[] = [];
    for (const [i, role] of roles.entries()) {
      const title = checkedText(role.title, `${field}[${i}].title`, MAX_TEXT, true)!;
      const organisation = checkedText(role.organisation, `${field}[${i}].organisation`, MAX_TEXT);
      const sector = checkedText(role.sector, `${field}[${i}].sector`, MAX_TEXT);
      const location = checkedText(role.location, `${field}[${i}].location`, MAX_TEXT);
      const code = await this.matcher.match({ title, organisation, sector });
      out.push({ id: randomUUID(), title, organisation, sector, location, current: role.current ?? true, code });
    }
    return out;
  }

  matchTitle(title: string): Promise<string | null> {
    return this.matcher.match({ title });
  }
}
