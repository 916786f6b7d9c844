import { Inject } from '@nestjs/common';
import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Viewer } from '#libs/auth';
import { fromGlobalId } from '#libs/common';
import { EventsService, SHOWN_AS_MAX } from '#libs/events';
import { CurrentViewer, Roles } from '../auth/auth.decorators.js';
import { connectionOf } from '../common/node.model.js';
import { RelationshipModel, toRelationship } from '../network/relationship.model.js';
import { AttendanceListingInput, CreateEventInput, MetAtEventInput } from './event.input.js';
import { EventAttendeeConnectionModel, EventConnectionModel, EventModel, toAttendee, toEvent } from './event.model.js';

@Resolver(() => EventModel)
export class EventResolver {
  constructor(@Inject(EventsService) private readonly service: EventsService) {}

  @Query(() => EventConnectionModel, { description: 'Events from a time on (default: since yesterday), soonest first.' })
  async events(
    @CurrentViewer() viewer: Viewer,
    @Args('from', { type: () => Date, nullable: true }) from: Date | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<EventConnectionModel> {
    const page = await this.service.list(viewer, from, first ?? 20, after);
    return connectionOf(page, toEvent);
  }

  @ResolveField(() => EventAttendeeConnectionModel, {
    nullable: true,
    description: 'The attendees who chose to be listed, as they chose to be shown; only for people who recorded attending (null for anyone else).',
  })
  async attendees(
    @CurrentViewer() viewer: Viewer,
    @Parent() event: EventModel,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<EventAttendeeConnectionModel | null> {
    const page = await this.service.attendees(viewer, event.view, first ?? 20, after);
    if (!page) return null;
    return connectionOf(page, toAttendee);
  }

  @Roles('COACH', 'VOLUNTEER', 'ADMIN')
  @Mutation(() => EventModel)
  async createEvent(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateEventInput): Promise<EventModel> {
    return toEvent(await this.service.create(viewer, input));
  }

  @Mutation(() => EventModel, {
    description: 'Record that the viewer was at an event (once it has started). They are on its attendee list only if `listed` is true.',
  })
  async recordAttendance(
    @CurrentViewer() viewer: Viewer,
    @Args('eventId', { type: () => ID }) eventId: string,
    @Args('listed', {
      type: () => Boolean,
      nullable: true,
      defaultValue: false,
      description: 'True to be on the attendee list, which only other attendees see.',
    })
    listed: boolean | null,
    @Args('shownAs', {
      type: () => String,
      nullable: true,
      description: `The name other attendees see (at most ${SHOWN_AS_MAX} characters); the first word of your own name when left out.`,
    })
    shownAs: string | null,
  ): Promise<EventModel> {
    return toEvent(await this.service.attend(viewer, fromGlobalId(eventId, 'Event', 'eventId'), { listed, shownAs }));
  }

  @Mutation(() => EventModel, { description: 'Change whether, and as whom, the viewer is on the attendee list of an event they recorded attending.' })
  async setAttendanceListing(@CurrentViewer() viewer: Viewer, @Args('input') input: AttendanceListingInput): Promise<EventModel> {
    return toEvent(
      await this.service.setListing(viewer, fromGlobalId(input.eventId, 'Event', 'input.eventId'), { listed: input.listed, shownAs: input.shownAs }),
    );
  }

  @Mutation(() => [RelationshipModel], {
    description:
      'Record that the viewer met these people at an event they attended: adds EVENT relationships. Only listed attendees can be named; naming the same people again changes nothing.',
  })
  async metAtEvent(@CurrentViewer() viewer: Viewer, @Args('input') input: MetAtEventInput): Promise<RelationshipModel[]> {
    const rels = await this.service.met(viewer, {
      eventId: fromGlobalId(input.eventId, 'Event', 'input.eventId'),
      personIds: input.personIds.map((id, i) => fromGlobalId(id, 'Person', `input.personIds[${i}]`)),
      strength: input.strength,
    });
    return rels.map(toRelationship);
  }
}
