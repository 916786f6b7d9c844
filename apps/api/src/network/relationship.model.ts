import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import type { RelationshipView } from '#libs/network';
import { PageInfoModel } from '../common/node.model.js';
import { RelationshipContextEnum } from './network.enums.js';
import { PersonModel, toPerson } from './person.model.js';

@ObjectType('RecordedDetails', { description: "The identifiers you typed for a contact. Only you see them; they are your record, not the person's." })
export class RecordedDetailsModel {
  @Field(() => [String])
  emails: string[];
  @Field(() => [String])
  phones: string[];
  @Field(() => String, { nullable: true })
  linkedinUrl: string | null;
}

@ObjectType('Relationship', { description: 'An edge from the viewer to one of their contacts.' })
export class RelationshipModel {
  @Field(() => PersonModel)
  person: PersonModel;
  @Field(() => RecordedDetailsModel, { description: 'What you recorded about how to reach this person.' })
  recorded: RecordedDetailsModel;
  @Field(() => RelationshipContextEnum)
  context: RelationshipContextEnum;
  @Field(() => Float, { description: '0..1: how well the two know each other (1 = very well).' })
  strength: number;
  @Field(() => String, { nullable: true })
  howWeMet: string | null;
  @Field(() => Date, { nullable: true })
  lastContactAt: Date | null;
  @Field()
  createdAt: Date;
}

@ObjectType('RelationshipEdge')
export class RelationshipEdgeModel {
  @Field()
  cursor: string;
  @Field(() => RelationshipModel)
  node: RelationshipModel;
}

@ObjectType('NetworkConnection')
export class NetworkConnectionModel {
  @Field(() => [RelationshipEdgeModel])
  edges: RelationshipEdgeModel[];
  @Field(() => PageInfoModel)
  pageInfo: PageInfoModel;
  @Field(() => Int)
  totalCount: number;
}

export function toRelationship(view: RelationshipView): RelationshipModel {
  return { ...view, context: view.context as RelationshipContextEnum, person: toPerson(view.person) };
}
