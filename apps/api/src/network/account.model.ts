import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { toGlobalId } from '#libs/common';
import type { OccupationView, PersonView } from '#libs/network';
import { NodeModel } from '../common/node.model.js';
import { AccountRoleEnum } from './network.enums.js';
import { OccupationModel, PersonModel, toPerson } from './person.model.js';

@ObjectType('WorkGoal', { description: 'What work a member wants to do, in their own words (what matters to them).' })
export class WorkGoalModel {
  @Field(() => ID)
  id: string;
  @Field()
  work: string;
  @Field(() => OccupationModel, { nullable: true })
  occupation: OccupationView | null;
  @Field(() => String, { nullable: true })
  location: string | null;
  @Field(() => String, { nullable: true })
  note: string | null;
  @Field()
  createdAt: Date;
}

@ObjectType('Account', { implements: () => [NodeModel] })
export class AccountModel implements NodeModel {
  __typename = 'Account' as const;
  @Field(() => ID)
  id: string;
  /** Local person id, for the field resolvers. */
  personId: string;
  @Field(() => [AccountRoleEnum])
  roles: AccountRoleEnum[];
  @Field(() => PersonModel, { description: 'The account holder as a person in the network.' })
  person?: PersonModel;
  @Field({ description: 'May introduction paths of other accounts pass through my contacts? Volunteers default to true, members to false.' })
  lendsNetwork: boolean;
  @Field(() => Int, { description: 'Open introduction asks this account will take at once (brokering capacity).' })
  brokerCapacity: number;
  @Field({
    description:
      'Introductions: when a request of mine is held up (waiting in line, or its ask unanswered), move it to the best other path at once instead of offering that path for me to confirm. Off by default.',
  })
  autoReroute: boolean;
  @Field(() => [WorkGoalModel])
  goals?: WorkGoalModel[];
}

export function toAccount(view: {
  personId: string;
  roles: string[];
  lendsNetwork: boolean;
  brokerCapacity: number;
  autoReroute?: boolean;
  person?: PersonView;
}): AccountModel {
  return Object.assign(new AccountModel(), {
    person: view.person ? toPerson(view.person) : undefined,
    id: toGlobalId('Account', view.personId),
    personId: view.personId,
    roles: view.roles as AccountRoleEnum[],
    lendsNetwork: view.lendsNetwork,
    brokerCapacity: view.brokerCapacity,
    autoReroute: view.autoReroute ?? false,
  });
}
