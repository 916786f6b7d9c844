import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { badInput } from '#libs/common';
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
      const title = text(role.title, `${field}[${i}].title`, true)!;
      const organisation = text(role.organisation, `${field}[${i}].organisation`);
      const sector = text(role.sector, `${field}[${i}].sector`);
      const location = text(role.location, `${field}[${i}].location`);
      const code = await this.matcher.match({ title, organisation, sector });
      out.push({ id: randomUUID(), title, organisation, sector, location, current: role.current ?? true, code });
    }
    return out;
  }

  matchTitle(title: string): Promise<string | null> {
    return this.matcher.match({ title });
  }
}

function text(value: string | null | undefined, field: string, required = false): string | null {
  const trimmed = value?.trim() ?? '';
  if (!trimmed) {
    if (required) throw badInput(field, 'must not be empty');
    return null;
  }
  if (trimmed.length > MAX_TEXT) throw badInput(field, `must be at most ${MAX_TEXT} characters`);
  return trimmed;
}
