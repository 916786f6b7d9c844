import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { toGlobalId } from '#libs/common';
import { INTRO_OUTCOMES, INTRO_STATUSES, type IntroductionView, type IntroOutcome, type IntroStatus } from '#libs/introductions';
import { NodeModel, PageInfoModel } from '../common/node.model.js';
import { PersonModel, toPerson } from '../network/person.model.js';
import { IntroPathModel, PathStepModel, toPath, toStep } from '../paths/path.model.js';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
export const IntroStatusEnum = enumOf(INTRO_STATUSES);
export const IntroOutcomeEnum = enumOf(INTRO_OUTCOMES);
registerEnumType(IntroStatusEnum, { name: 'IntroStatus' });
registerEnumType(IntroOutcomeEnum, { name: 'IntroOutcome' });

@ObjectType('IntroEvent')
export class IntroEventModel {
  @Field()
  at: Date;
  @Field(() => IntroStatusEnum)
  status: IntroStatus;
  @Field({ description: 'Who acted, as the viewer may see it.' })
  actorLabel: string;
  @Field(() => String, { nullable: true })
  note: string | null;
}

@ObjectType('IntroContact', { description: 'Contact details passed on once both sides agreed to the introduction.' })
export class IntroContactModel {
  @Field(() => PersonModel)
  person: PersonModel;
  @Field(() => String, { nullable: true })
  email: string | null;
  @Field(() => String, { nullable: true })
  phone: string | null;
  @Field(() => String, { nullable: true, description: 'The LinkedIn profile noted for them, when there is one (sometimes all there is).' })
  linkedinUrl: string | null;
}

@ObjectType('IntroductionRequest', { implements: () => [NodeModel] })
export class IntroductionRequestModel implements NodeModel {
  __typename = 'IntroductionRequest' as const;
  @Field(() => ID)
  id: string;
  @Field(() => IntroStatusEnum)
  status: IntroStatus;
  @Field(() => PersonModel)
  requester: PersonModel;
  @Field(() => [PathStepModel])
  steps: PathStepModel[];
  @Field()
  message: string;
  @Field(() => Int, { nullable: true, description: 'Index into steps of the person being asked now, while ASKING or TARGET_ASKED.' })
  currentStep: number | null;
  @Field(() => [IntroEventModel])
  history: IntroEventModel[];
  @Field(() => IntroOutcomeEnum, { nullable: true })
  outcome: IntroOutcome | null;
  @Field()
  createdAt: Date;
  @Field()
  updatedAt: Date;
  @Field(() => Date, { nullable: true })
  expiresAt: Date | null;
  @Field(() => IntroContactModel, {
    nullable: true,
    description: "Once INTRODUCED: for the requester, the target's contact details; for the target, the requester's. Null for everyone else.",
  })
  introducedContact: IntroContactModel | null;
  @Field(() => IntroPathModel, {
    nullable: true,
    description:
      'For the requester after a decline or expiry, or while the request waits in line or its ask has gone unanswered: the next best path to the same person. Nobody on it is asked until you confirm it with requestIntroduction (which moves an open request).',
  })
  nextPath: IntroPathModel | null;
  @Field(() => ID, {
    nullable: true,
    description: 'For the requester, once the request was moved to another path automatically (autoReroute): the request that goes on. Null otherwise.',
  })
  movedTo: string | null;
  @Field({ description: "True when the current ask waits for the viewer's answer (respondToIntroduction)." })
  awaitingMyAnswer: boolean;
  @Field(() => PersonModel, { nullable: true, description: 'When the viewer relays consent: the contact they answer for (onBehalfOfPersonId).' })
  answerOnBehalfOf: PersonModel | null;
}

@ObjectType('IntroductionRequestEdge')
export class IntroductionRequestEdgeModel {
  @Field()
  cursor: string;
  @Field(() => IntroductionRequestModel)
  node: IntroductionRequestModel;
}

@ObjectType('IntroductionRequestConnection')
export class IntroductionRequestConnectionModel {
  @Field(() => [IntroductionRequestEdgeModel])
  edges: IntroductionRequestEdgeModel[];
  @Field(() => PageInfoModel)
  pageInfo: PageInfoModel;
  @Field(() => Int)
  totalCount: number;
}

export function toIntroduction(view: IntroductionView): IntroductionRequestModel {
  return {
    __typename: 'IntroductionRequest' as const,
    ...view,
    id: toGlobalId('IntroductionRequest', view.id),
    requester: toPerson(view.requester),
    steps: view.steps.map(toStep),
    history: view.history.map((e) => ({ ...e, at: new Date(e.at) })),
    createdAt: new Date(view.createdAt),
    updatedAt: new Date(view.updatedAt),
    expiresAt: view.expiresAt ? new Date(view.expiresAt) : null,
    introducedContact: view.introducedContact ? { ...view.introducedContact, person: toPerson(view.introducedContact.person) } : null,
    nextPath: view.nextPath ? toPath(view.nextPath) : null,
    movedTo: view.movedTo ? toGlobalId('IntroductionRequest', view.movedTo) : null,
    answerOnBehalfOf: view.answerOnBehalfOf ? toPerson(view.answerOnBehalfOf) : null,
  };
}
