import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type { IntroPathResultView, IntroPathView, PathStepView } from '#libs/paths';
import { RelationshipContextEnum } from '../network/network.enums.js';
import { OccupationModel, PersonModel, toPerson, WorkRoleModel } from '../network/person.model.js';

@ObjectType('PathStep', {
  description: "One person on a path. Identity beyond the viewer's own contacts is withheld until that person has agreed to an introduction.",
})
export class PathStepModel {
  @Field(() => PersonModel, { nullable: true, description: 'Null where this person may not yet be shown to the viewer.' })
  person: PersonModel | null;
  @Field({ description: 'Human-readable, e.g. "Sam Okoro, your ex-colleague" or "a paramedic known to a volunteer".' })
  label: string;
  @Field(() => WorkRoleModel, { nullable: true })
  work: WorkRoleModel | null;
  @Field(() => RelationshipContextEnum, { description: 'How the previous step knows this one.' })
  context: RelationshipContextEnum;
  @Field(() => Float)
  strength: number;
}

@ObjectType('IntroPath')
export class IntroPathModel {
  @Field(() => ID, { description: 'Opaque handle for requestIntroduction; valid for at least 24 hours.' })
  id: string;
  @Field(() => [PathStepModel], { description: 'Steps after the viewer, ending with the target. Length = hops.' })
  steps: PathStepModel[];
  @Field(() => Int)
  hops: number;
  @Field(() => Float, { description: '0..1, higher is better.' })
  score: number;
  @Field()
  explanation: string;
  @Field({
    description: 'True where the target does closely related work (the same SOC 2020 minor group), not the work asked for; such paths come after the others.',
  })
  related: boolean;
}

@ObjectType('IntroPathResult')
export class IntroPathResultModel {
  @Field(() => [IntroPathModel])
  paths: IntroPathModel[];
  @Field(() => Int, { description: 'Distinct people doing the wanted work that are reachable within maxHops.' })
  reachableTargets: number;
  @Field(() => [OccupationModel], { description: 'The occupations the free-text work was matched to.' })
  matchedOccupations: OccupationModel[];
  @Field(() => [OccupationModel], { description: 'Other readings of the free-text work, best first, to pick from (pass one as occupationCode).' })
  alternativeOccupations: OccupationModel[];
  @Field(() => [OccupationModel], {
    description: 'Closely related work (the same SOC 2020 minor group); paths to it are offered after exact ones, marked related.',
  })
  relatedOccupations: OccupationModel[];
  @Field(() => Int, {
    description: 'Distinct people doing related work (and not the work asked for) reachable within maxHops; counted only when few people do the exact work.',
  })
  relatedTargets: number;
  @Field(() => String, {
    nullable: true,
    description: 'The work phrase searched for, after phrasing, abbreviations and spelling were read, e.g. "electrician" for "I want to be an electrition".',
  })
  searchedFor: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The employer or sector the targets work at or in, as understood (e.g. "the NHS"); null when none was asked for.',
  })
  organisation: string | null;
}

export function toStep(step: PathStepView): PathStepModel {
  return { ...step, person: step.person ? toPerson(step.person) : null, context: step.context as RelationshipContextEnum };
}

export function toPath(path: IntroPathView): IntroPathModel {
  // Shown to people: a product of strengths carries float noise in its last digits (0.24006499999999997).
  return { ...path, score: Math.round(path.score * 1000) / 1000, steps: path.steps.map(toStep) };
}

export function toPathResult(result: IntroPathResultView): IntroPathResultModel {
  return { ...result, paths: result.paths.map(toPath) };
}
