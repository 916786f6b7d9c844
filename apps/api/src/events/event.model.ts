import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { toGlobalId } from '#libs/common';
import type { AttendeeView, EventView } from '#libs/events';
import { NodeModel, PageInfoModel } from '../common/node.model.js';

@ObjectType('MyAttendance', { description: "The viewer's own attendance at an event." })
export class MyAttendanceModel {
  @Field({ description: "True when the viewer is on the event's attendee list (seen by other attendees only)." })
  listed: boolean;
  @Field(() => String, { nullable: true, description: 'The name other attendees see when the viewer is listed.' })
  shownAs: string | null;
}

@ObjectType('EventAttendee', { description: 'Someone who recorded attending an event and chose to be listed, as they chose to be shown.' })
export class EventAttendeeModel {
  @Field(() => ID, { description: 'Their person id, for metAtEvent.' })
  personId: string;
  @Field({ description: 'The name they chose to show at this event.' })
  displayName: string;
  @Field({ description: 'True for the viewer themselves.' })
  isViewer: boolean;
}

@ObjectType('EventAttendeeEdge')
export class EventAttendeeEdgeModel {
  @Field()
  cursor: string;
  @Field(() => EventAttendeeModel)
  node: EventAttendeeModel;
}

@ObjectType('EventAttendeeConnection')
export class EventAttendeeConnectionModel {
  @Field(() => [EventAttendeeEdgeModel])
  edges: EventAttendeeEdgeModel[];
  @Field(() => PageInfoModel)
  pageInfo: PageInfoModel;
  @Field(() => Int)
  totalCount: number;
}

@ObjectType('Event', { implements: () => [NodeModel] })
export class EventModel implements NodeModel {
  __typename = 'Event' as const;
  @Field(() => ID)
  id: string;
  @Field()
  title: string;
  @Field(() => String, { nullable: true })
  theme: string | null;
  @Field()
  startsAt: Date;
  @Field(() => String, { nullable: true })
  location: string | null;
  @Field(() => Int, { description: 'How many recorded attending (a headcount: it names nobody).' })
  attendeeCount: number;
  @Field(() => MyAttendanceModel, { nullable: true, description: "The viewer's own attendance; null when they have not recorded attending." })
  myAttendance: MyAttendanceModel | null;
  /** The event as the service returned it, for the attendee list (not a GraphQL field). */
  view: EventView;
}

@ObjectType('EventEdge')
export class EventEdgeModel {
  @Field()
  cursor: string;
  @Field(() => EventModel)
  node: EventModel;
}

@ObjectType('EventConnection')
export class EventConnectionModel {
  @Field(() => [EventEdgeModel])
  edges: EventEdgeModel[];
  @Field(() => PageInfoModel)
  pageInfo: PageInfoModel;
  @Field(() => Int)
  totalCount: number;
}

export function toEvent(view: EventView): EventModel {
  const { mine, ...rest } = view;
  return { __typename: 'Event' as const, ...rest, id: toGlobalId('Event', view.id), startsAt: new Date(view.startsAt), myAttendance: mine, view };
}

export function toAttendee(view: AttendeeView): EventAttendeeModel {
  return { personId: toGlobalId('Person', view.personId), displayName: view.shownAs, isViewer: view.isViewer };
}
