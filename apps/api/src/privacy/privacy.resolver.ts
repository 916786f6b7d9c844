import { Inject } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Viewer } from '#libs/auth';
import { fromGlobalId, hasValue, toGlobalId } from '#libs/common';
import { PrivacyService } from '#libs/privacy';
import { CurrentViewer, Public, Roles } from '../auth/auth.decorators.js';
import { pageInfo } from '../common/node.model.js';
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
    description:
      'Admins: remove a person without an account who objected to being held; their hashed identity keys stop anyone adding or importing them again.',
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
  @Query(() => AuditEntryConnectionModel, {
    description: 'Admins: the privacy audit log (exports, erasures, suppressions), newest first, with names and filters (all combined).',
  })
  async auditLog(
    @CurrentViewer() viewer: Viewer,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('subjectId', { type: () => ID, nullable: true }) subjectId: string | null,
    @Args('actorId', { type: () => ID, nullable: true, description: 'Only what this person did.' }) actorId: string | null,
    @Args('actorName', { type: () => String, nullable: true, description: 'Only what people did whose name holds this text (any case).' })
    actorName: string | null,
    @Args('action', { type: () => String, nullable: true, description: 'Only this action: EXPORT, DELETE_ACCOUNT, SUPPRESS or OBJECTION_NEEDS_REVIEW.' })
    action: string | null,
    @Args('from', { type: () => Date, nullable: true, description: 'Only entries at or after this time.' }) from: Date | null,
    @Args('until', { type: () => Date, nullable: true, description: 'Only entries before this time.' }) until: Date | null,
  ): Promise<AuditEntryConnectionModel> {
    const query = {
      subjectId: hasValue(subjectId) ? fromGlobalId(subjectId, 'Person', 'subjectId') : null,
      actorId: hasValue(actorId) ? fromGlobalId(actorId, 'Person', 'actorId') : null,
      actorName: actorName ?? null,
      action: action ?? null,
      from: from ?? null,
      until: until ?? null,
    };
    const page = await this.privacy.auditLog(viewer, query, first ?? 20, after);
    const edges = page.items.map(({ cursor, row }) => ({
      cursor,
      node: {
        id: row.id,
        at: new Date(row.at),
        action: row.action,
        actorId: toGlobalId('Person', row.actorId),
        subjectId: toGlobalId('Person', row.subjectId),
        actorName: row.actorName,
        subjectName: row.subjectName,
      },
    }));
    return {
      edges,
      pageInfo: pageInfo(
        edges.map((e) => e.cursor),
        page.hasNextPage,
        Boolean(after),
      ),
      totalCount: page.totalCount,
    };
  }
}
