import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { AccountRole } from '#libs/auth';
import type { AccountListingView, CoachMemberView } from '#libs/coaching';
import { toGlobalId } from '#libs/common';
import { PageInfoModel } from '../common/node.model.js';
import { AccountRoleEnum } from '../network/network.enums.js';
import { PersonModel, toPerson } from '../network/person.model.js';

@ObjectType('CoachMember', { description: "A member the coach works with or has invited: on their caseload, or with the coach's unanswered invitation." })
export class CoachMemberModel {
  @Field(() => PersonModel, { description: 'Until the member accepts, their name only.' })
  member: PersonModel;
  @Field()
  onMyCaseload: boolean;
  @Field(() => ID, { nullable: true, description: "The coach's unanswered invitation, when the member is not on the caseload yet." })
  invitationId: string | null;
}

@ObjectType('CoachMemberEdge')
export class CoachMemberEdgeModel {
  @Field()
  cursor: string;
  @Field(() => CoachMemberModel)
  node: CoachMemberModel;
}

@ObjectType('CoachMemberConnection')
export class CoachMemberConnectionModel {
  @Field(() => [CoachMemberEdgeModel])
  edges: CoachMemberEdgeModel[];
  @Field(() => PageInfoModel)
  pageInfo: PageInfoModel;
  @Field(() => Int)
  totalCount: number;
}

@ObjectType('AccountListing', { description: 'For admins: an account with its roles, its coach (members) and its caseload size (coaches).' })
export class AccountListingModel {
  @Field(() => PersonModel)
  person: PersonModel;
  @Field(() => [AccountRoleEnum])
  roles: AccountRole[];
  @Field(() => PersonModel, { nullable: true })
  coach: PersonModel | null;
  @Field(() => Int, { nullable: true, description: 'For coaches: members on their caseload now.' })
  caseloadSize: number | null;
}

@ObjectType('AccountListingEdge')
export class AccountListingEdgeModel {
  @Field()
  cursor: string;
  @Field(() => AccountListingModel)
  node: AccountListingModel;
}

@ObjectType('AccountListingConnection')
export class AccountListingConnectionModel {
  @Field(() => [AccountListingEdgeModel])
  edges: AccountListingEdgeModel[];
  @Field(() => PageInfoModel)
  pageInfo: PageInfoModel;
  @Field(() => Int)
  totalCount: number;
}

export function toCoachMember(view: CoachMemberView): CoachMemberModel {
  return {
    member: toPerson(view.member),
    onMyCaseload: view.onMyCaseload,
    invitationId: view.invitationId ? toGlobalId('CoachInvitation', view.invitationId) : null,
  };
}

export function toAccountListing(view: AccountListingView): AccountListingModel {
  return { person: toPerson(view.person), roles: view.roles, coach: view.coach ? toPerson(view.coach) : null, caseloadSize: view.caseloadSize };
}
