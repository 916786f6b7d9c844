import { Inject } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Viewer } from '#libs/auth';
import { fromGlobalId } from '#libs/common';
import { EventsService } from '#libs/events';
import { CurrentViewer, Roles } from '../auth/auth.decorators.js';
import { pageInfo } from '../common/node.model.js';
import { RelationshipModel, toRelationship } from '../network/relationship.model.js';
import { CreateEventInput, MetAtEventInput } from './event.input.js';
import { EventConnectionModel, EventModel, toEvent } from './event.model.js';

@Resolver(() => EventModel)
export class EventResolver {
  constructor(@Inject(EventsService) private readonly service: EventsService) {}

  @Query(() => EventConnectionModel, { description: 'Events from a time on (default: since yesterday), soonest first.' })
  async events(
    @Args('from', { type: () => Date, nullable: true }) from: Date | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<EventConnectionModel> {
    const page = await this.service.list(from, first ?? 20, after);
    const edges = page.items.map((i) => ({ cursor: i.cursor, node: toEvent(i.view) }));
    return { edges, pageInfo: pageInfo(edges.map((e) => e.cursor), page.hasNextPage, false), totalCount: page.totalCount };
  }

  @Roles('COACH', 'VOLUNTEER', 'ADMIN')
  @Mutation(() => EventModel)
  async createEvent(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateEventInput): Promise<EventModel> {
    return toEvent(await this.service.create(viewer, input));
  }

  @Mutation(() => EventModel)
  async recordAttendance(@CurrentViewer() viewer: Viewer, @Args('eventId', { type: () => ID }) eventId: string): Promise<EventModel> {
    return toEvent(await this.service.attend(viewer, fromGlobalId(eventId, 'Event', 'eventId')));
  }

  @Mutation(() => [RelationshipModel], { description: 'Record that the viewer met these people at an event: adds EVENT relationships.' })
  async metAtEvent(@CurrentViewer() viewer: Viewer, @Args('input') input: MetAtEventInput): Promise<RelationshipModel[]> {
    const rels = await this.service.met(viewer, {
      eventId: fromGlobalId(input.eventId, 'Event', 'input.eventId'),
      personIds: input.personIds.map((id, i) => fromGlobalId(id, 'Person', `input.personIds[${i}]`)),
      strength: input.strength,
    });
    return rels.map(toRelationship);
  }
}
