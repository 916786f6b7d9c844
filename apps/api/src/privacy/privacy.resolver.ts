import { Inject } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Viewer } from '#libs/auth';
import { fromGlobalId, toGlobalId } from '#libs/common';
import { PrivacyService } from '#libs/privacy';
import { CurrentViewer, Public, Roles } from '../auth/auth.decorators.js';
import { SuppressAddressInput } from './privacy.input.js';
import { AddressSuppressionModel, AuditEntryConnectionModel } from './privacy.model.js';

@Resolver()
export class PrivacyResolver {
  constructor(@Inject(PrivacyService) private readonly privacy: PrivacyService) {}

  @Query(() => String, { description: 'Everything the service holds about the viewer and what the viewer entered, as a JSON document (data portability).' })
  exportMyData(@CurrentViewer() viewer: Viewer): Promise<string> {
    return this.privacy.exportMyData(viewer);
  }

  @Mutation(() => Boolean, { description: 'Erase the viewer\'s account and everything only they entered; confirm must be "DELETE".' })
  deleteMyAccount(@CurrentViewer() viewer: Viewer, @Args('confirm') confirm: string): Promise<boolean> {
    return this.privacy.deleteMyAccount(viewer, confirm);
  }

  @Roles('ADMIN')
  @Mutation(() => Boolean, {
    description: 'Admins: remove a person without an account who objected to being held; their hashed identity keys stop anyone adding or importing them again.',
  })
  suppressPerson(@CurrentViewer() viewer: Viewer, @Args('personId', { type: () => ID }) personId: string): Promise<boolean> {
    return this.privacy.suppressPerson(viewer, fromGlobalId(personId, 'Person', 'personId'));
  }

  @Roles('ADMIN')
  @Mutation(() => AddressSuppressionModel, {
    description:
      'Admins: act on an objection that came by mail or phone. Records holding the address go (and each person whom only such records hold); the address is refused from then on.',
  })
  suppressAddress(@CurrentViewer() viewer: Viewer, @Args('input') input: SuppressAddressInput): Promise<AddressSuppressionModel> {
    return this.privacy.suppressAddress(viewer, input);
  }

  @Public()
  @Mutation(() => Boolean, { description: 'The person named by an objection link (sent in their first message) asks to be removed and never recorded again.' })
  async objectToContact(@Args('token') token: string): Promise<boolean> {
    await this.privacy.objectWithLink(token);
    return true;
  }

  @Roles('ADMIN')
  @Query(() => AuditEntryConnectionModel, { description: 'Admins: the privacy audit log (exports, erasures, suppressions), newest first.' })
  async auditLog(
    @CurrentViewer() viewer: Viewer,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('subjectId', { type: () => ID, nullable: true }) subjectId: string | null,
  ): Promise<AuditEntryConnectionModel> {
    const subject = subjectId ? fromGlobalId(subjectId, 'Person', 'subjectId') : null;
    const page = await this.privacy.auditLog(viewer, subject, first, after);
    return {
      edges: page.items.map(({ cursor, row }) => ({
        cursor,
        node: { id: row.id, at: new Date(row.at), action: row.action, actorId: toGlobalId('Person', row.actorId), subjectId: toGlobalId('Person', row.subjectId) },
      })),
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: after !== null,
        startCursor: page.items[0]?.cursor ?? null,
        endCursor: page.items[page.items.length - 1]?.cursor ?? null,
      },
    };
  }
}
