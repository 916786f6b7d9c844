import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PageInfoModel } from '../common/node.model.js';

@ObjectType('AuditEntry', { description: 'One privacy operation: who read or changed whose data, and when.' })
export class AuditEntryModel {
  @Field(() => ID)
  id: string;
  @Field()
  at: Date;
  @Field(() => ID, { description: 'The person who acted (global Person id; may no longer exist).' })
  actorId: string;
  @Field({ description: 'EXPORT, DELETE_ACCOUNT, SUPPRESS or OBJECTION_NEEDS_REVIEW.' })
  action: string;
  @Field(() => ID, { description: 'The person whose data it was (global Person id; may no longer exist).' })
  subjectId: string;
  @Field(() => String, { nullable: true, description: 'The name of the person who acted, as held now; null when they are no longer held.' })
  actorName: string | null;
  @Field(() => String, { nullable: true, description: 'The name of the person whose data it was, as held now; null when they are no longer held.' })
  subjectName: string | null;
}

@ObjectType('AuditEntryEdge')
export class AuditEntryEdgeModel {
  @Field()
  cursor: string;
  @Field(() => AuditEntryModel)
  node: AuditEntryModel;
}

@ObjectType('AuditEntryConnection')
export class AuditEntryConnectionModel {
  @Field(() => [AuditEntryEdgeModel])
  edges: AuditEntryEdgeModel[];
  @Field(() => PageInfoModel)
  pageInfo: PageInfoModel;
  @Field(() => Int, { description: 'Entries matching the filters, over all pages.' })
  totalCount: number;
}

@ObjectType('AddressSuppression', { description: "What acting on an objector's address did (counts only)." })
export class AddressSuppressionModel {
  @Field(() => Int, { description: 'People without an account removed outright: every record of them held the address.' })
  peopleRemoved: number;
  @Field(() => Int, { description: 'Records holding the address removed from people others also recorded without it.' })
  recordsRemoved: number;
  @Field(() => Int, { description: 'People whose other records stay, logged for an admin to review.' })
  peopleToReview: number;
  @Field(() => Int, { description: 'Accounts the address stands for; never touched here (account holders delete their own).' })
  accountsHolding: number;
  @Field({ description: 'Whether the address is now refused for adds and imports (not when an account holds it).' })
  addressBlocked: boolean;
}
