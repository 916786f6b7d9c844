import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { toGlobalId } from '#libs/common';
import type { EventView } from '#libs/events';
import { NodeModel, PageInfoModel } from '../common/node.model.js';

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
  @Field(() => Int)
  attendeeCount: number;
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
  return { __typename: 'Event' as const, ...view, id: toGlobalId('Event', view.id), startsAt: new Date(view.startsAt) };
}
