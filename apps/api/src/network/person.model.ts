import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { personGlobalId } from '#libs/common';
import type { OccupationView, PersonView, WorkRoleView } from '#libs/network';
import { NodeModel } from '../common/node.model.js';

@ObjectType('Occupation')
export class OccupationModel {
  @Field(() => ID, { description: 'Code in the occupation taxonomy the service ships (UK SOC 2020 unit group, e.g. "2255" Paramedics).' })
  code: string;
  @Field()
  title: string;
  @Field(() => Float, {
    nullable: true,
    description: 'How sure the reading of free text is, 0..1 (two decimals); null where the occupation was not read from free text.',
  })
  confidence?: number | null;
}

@ObjectType('WorkRole')
export class WorkRoleModel {
  @Field()
  title: string;
  @Field(() => String, { nullable: true })
  organisation: string | null;
  @Field(() => String, { nullable: true })
  sector: string | null;
  @Field(() => String, { nullable: true })
  location: string | null;
  @Field()
  current: boolean;
  @Field(() => OccupationModel, { nullable: true, description: 'The taxonomy occupation this title was matched to, if any.' })
  occupation: OccupationView | null;
}

@ObjectType('Person', { implements: () => [NodeModel] })
export class PersonModel implements NodeModel {
  __typename = 'Person' as const;
  @Field(() => ID)
  id: string;
  @Field()
  displayName: string;
  @Field(() => String, { nullable: true })
  headline: string | null;
  @Field(() => [WorkRoleModel])
  roles: WorkRoleView[];
  @Field({
    description:
      'True when this person holds an account (member, volunteer or coach) and you may know it: yourself, your coach or caseload, or a member introduced to you. Never revealed by adding someone as a contact.',
  })
  isMember: boolean;
}

export function toPerson(view: PersonView): PersonModel {
  const { ref: _ref, ...shown } = view;
  return Object.assign(new PersonModel(), { ...shown, id: personGlobalId(view) });
}
