import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import type { Viewer } from '#libs/auth';
import { fromGlobalId, hasValue, notFound, unauthenticated } from '#libs/common';
import { ENDED_STATUSES, IntroductionsService, type IntroductionPage, type IntroStatus } from '#libs/introductions';
import { NetworkService } from '#libs/network';
import { CurrentViewer } from '../auth/auth.decorators.js';
import { connectionOf } from '../common/node.model.js';
import { AddIntroducedContactInput, RecordIntroOutcomeInput, RequestIntroductionInput, RespondToIntroductionInput } from './introduction.input.js';
import { RelationshipModel, toRelationship } from '../network/relationship.model.js';
import { IntroductionRequestConnectionModel, IntroductionRequestModel, IntroStatusEnum, toIntroduction } from './introduction.model.js';
import type { LiveSocket } from '../common/live-sockets.js';
import { LiveUpdates } from '../common/live-updates.js';

interface SubscriptionContext {
  req: { viewer?: Viewer; live?: LiveSocket };
}

@Resolver(() => IntroductionRequestModel)
export class IntroductionResolver {
  constructor(
    @Inject(NetworkService) private readonly network: NetworkService,
    @Inject(IntroductionsService) private readonly intros: IntroductionsService,
    @Inject(LiveUpdates) private readonly updates: LiveUpdates,
  ) {}

  /** Null both for unknown ids and for requests the viewer is not part of. */
  @Query(() => IntroductionRequestModel, { nullable: true })
  async introductionRequest(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<IntroductionRequestModel | null> {
    const view = await this.intros.get(viewer, fromGlobalId(id, 'IntroductionRequest', 'id'));
    return view ? toIntroduction(view) : null;
  }

  @Query(() => IntroductionRequestConnectionModel, { description: 'Introductions I asked for or was asked to help with, newest first.' })
  async myIntroductions(
    @CurrentViewer() viewer: Viewer,
    @Args('status', { type: () => [IntroStatusEnum], nullable: true }) status: IntroStatus[] | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<IntroductionRequestConnectionModel> {
    return toConnection(await this.intros.mine(viewer, status, first ?? 20, after));
  }

  @Query(() => IntroductionRequestConnectionModel, {
    description: "Asks waiting for my answer (or for me to relay a contact's answer), soonest to expire first.",
  })
  async introductionInbox(
    @CurrentViewer() viewer: Viewer,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<IntroductionRequestConnectionModel> {
    return toConnection(await this.intros.inbox(viewer, first ?? 20, after));
  }

  @Mutation(() => IntroductionRequestModel)
  async requestIntroduction(@CurrentViewer() viewer: Viewer, @Args('input') input: RequestIntroductionInput): Promise<IntroductionRequestModel> {
    return toIntroduction(await this.intros.request(viewer, input));
  }

  @Mutation(() => IntroductionRequestModel)
  async respondToIntroduction(@CurrentViewer() viewer: Viewer, @Args('input') input: RespondToIntroductionInput): Promise<IntroductionRequestModel> {
    const view = await this.intros.respond(viewer, {
      ...input,
      requestId: fromGlobalId(input.requestId, 'IntroductionRequest', 'input.requestId'),
      onBehalfOfPersonId: hasValue(input.onBehalfOfPersonId)
        ? await this.network.personIdOf(viewer, input.onBehalfOfPersonId, 'input.onBehalfOfPersonId')
        : null,
    });
    return toIntroduction(view);
  }

  @Mutation(() => RelationshipModel, {
    description: 'After an introduction: add the other person to your own network in one step, with the contact details shown to you on it.',
  })
  async addIntroducedContact(@CurrentViewer() viewer: Viewer, @Args('input') input: AddIntroducedContactInput): Promise<RelationshipModel> {
    const requestId = fromGlobalId(input.requestId, 'IntroductionRequest', 'input.requestId');
    return toRelationship(await this.intros.addIntroducedContact(viewer, { ...input, requestId }));
  }

  @Mutation(() => IntroductionRequestModel)
  async withdrawIntroduction(@CurrentViewer() viewer: Viewer, @Args('requestId', { type: () => ID }) requestId: string): Promise<IntroductionRequestModel> {
    return toIntroduction(await this.intros.withdraw(viewer, fromGlobalId(requestId, 'IntroductionRequest', 'requestId')));
  }

  @Mutation(() => IntroductionRequestModel)
  async recordIntroOutcome(@CurrentViewer() viewer: Viewer, @Args('input') input: RecordIntroOutcomeInput): Promise<IntroductionRequestModel> {
    return toIntroduction(
      await this.intros.recordOutcome(viewer, { ...input, requestId: fromGlobalId(input.requestId, 'IntroductionRequest', 'input.requestId') }),
    );
  }

  /**
   * Changes to one request (completing once it ends), or to every request the viewer is part of; each shown
   * as the viewer may see it. A request the viewer may not see is NOT_FOUND, as an unknown id is.
   */
  @Subscription(() => IntroductionRequestModel, { resolve: (payload: IntroductionRequestModel) => payload })
  async introductionUpdated(
    @Context() context: SubscriptionContext,
    @Args('requestId', { type: () => ID, nullable: true }) requestId: string | null,
  ): Promise<AsyncIterableIterator<IntroductionRequestModel>> {
    const viewer = context.req.viewer;
    if (!viewer) throw unauthenticated('Authentication required: connect with a Bearer token');
    const only = hasValue(requestId) ? fromGlobalId(requestId, 'IntroductionRequest', 'requestId') : null;
    if (only && !(await this.intros.canSee(viewer, only))) throw notFound('requestId', 'introduction request');
    return this.updates.subscribe({
      topic: 'intro',
      viewer,
      socket: context.req.live,
      only,
      load: async (id) => {
        const view = await this.intros.get(viewer, id);
        return view ? toIntroduction(view) : null;
      },
      isEnd: (model) => only !== null && ENDED_STATUSES.includes(model.status),
      initial: 'ifEnded',
    });
  }
}

function toConnection(page: IntroductionPage): IntroductionRequestConnectionModel {
  return connectionOf(page, toIntroduction);
}
