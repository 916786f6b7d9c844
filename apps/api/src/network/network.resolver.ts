import { Inject } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Viewer } from '#libs/auth';
import { badInput } from '#libs/common';
import { IntroductionsService } from '#libs/introductions';
import { NetworkService } from '#libs/network';
import { CurrentViewer } from '../auth/auth.decorators.js';
import { pageInfo } from '../common/node.model.js';
import { ContactInput, NetworkFilter, RelationshipUpdateInput } from './network.input.js';
import { NetworkConnectionModel, RelationshipModel, toRelationship } from './relationship.model.js';

const CONTACT_NOT_FOUND = 'a contact in your network with this id was';

@Resolver(() => RelationshipModel)
export class NetworkResolver {
  constructor(
    @Inject(NetworkService) private readonly network: NetworkService,
    @Inject(IntroductionsService) private readonly intros: IntroductionsService,
  ) {}

  @Query(() => NetworkConnectionModel, { name: 'network' })
  async myNetwork(
    @CurrentViewer() viewer: Viewer,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('filter', { type: () => NetworkFilter, nullable: true }) filter: NetworkFilter | null,
  ): Promise<NetworkConnectionModel> {
    const page = await this.network.network(viewer, {
      first: first ?? 20,
      after,
      search: filter?.search,
      contexts: filter?.contexts,
      organisation: filter?.organisation,
    });
    const edges = page.items.map((rel) => ({ cursor: page.cursorOf(rel), node: toRelationship(rel) }));
    return {
      edges,
      pageInfo: pageInfo(
        edges.map((e) => e.cursor),
        page.hasNextPage,
        page.hasPreviousPage,
      ),
      totalCount: page.totalCount,
    };
  }

  @Mutation(() => RelationshipModel)
  async addContact(@CurrentViewer() viewer: Viewer, @Args('input') input: ContactInput): Promise<RelationshipModel> {
    return toRelationship(await this.network.addContact(viewer, input));
  }

  @Mutation(() => RelationshipModel)
  async updateRelationship(
    @CurrentViewer() viewer: Viewer,
    @Args('personId', { type: () => ID }) personId: string,
    @Args('input') input: RelationshipUpdateInput,
  ): Promise<RelationshipModel> {
    const id = await this.network.personIdOf(viewer, personId, 'personId', CONTACT_NOT_FOUND);
    return toRelationship(await this.network.updateRelationship(viewer, id, input));
  }

  @Mutation(() => Boolean)
  async removeContact(@CurrentViewer() viewer: Viewer, @Args('personId', { type: () => ID }) personId: string): Promise<boolean> {
    const id = await this.network.contactIdOf(viewer, personId, 'personId');
    // Open requests whose path uses this relationship end first, so none is left stuck on a missing step.
    await this.intros.relationshipLeaving(viewer.personId, id);
    return this.network.removeContact(viewer, id);
  }

  @Mutation(() => RelationshipModel, { description: "Two of the viewer's contacts are the same real person: fold mergeId into keepId." })
  async mergeContacts(
    @CurrentViewer() viewer: Viewer,
    @Args('keepId', { type: () => ID }) keepId: string,
    @Args('mergeId', { type: () => ID }) mergeId: string,
  ): Promise<RelationshipModel> {
    // Both must be the viewer's own contacts before any open request through mergeId is ended.
    const keep = await this.network.contactIdOf(viewer, keepId, 'keepId');
    const merge = await this.network.contactIdOf(viewer, mergeId, 'mergeId');
    if (keep === merge) throw badInput('mergeId', 'must be a different contact from keepId');
    await this.intros.relationshipLeaving(viewer.personId, merge);
    return toRelationship(await this.network.mergeContacts(viewer, keep, merge));
  }
}
