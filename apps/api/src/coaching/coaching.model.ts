import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { toGlobalId } from '#libs/common';
import {
  INVITATION_STATUSES,
  NOTE_VISIBILITIES,
  type CaseloadView,
  type CoachInvitationView,
  type CoachNoteView,
  type InvitationStatus,
  type MemberProgressView,
  type NoteVisibility,
} from '#libs/coaching';
import type { IntroOutcome } from '#libs/introductions';
import { connectionOf, NodeModel, PageInfoModel } from '../common/node.model.js';
import { IntroOutcomeEnum } from '../introductions/introduction.model.js';
import { WorkGoalModel } from '../network/account.model.js';
import { PersonModel, toPerson } from '../network/person.model.js';

export const NoteVisibilityEnum = Object.fromEntries(NOTE_VISIBILITIES.map((v) => [v, v])) as { [K in NoteVisibility]: K };
registerEnumType(NoteVisibilityEnum, { name: 'NoteVisibility' });

@ObjectType('MemberProgress', { description: "A member's progress, computed from the graph (never typed in)." })
export class MemberProgressModel {
  @Field(() => PersonModel)
  member: PersonModel;
  @Field(() => [WorkGoalModel], { description: "The member's goals, in their own words." })
  goals: WorkGoalModel[];
  @Field(() => Int)
  networkSize: number;
  @Field(() => Int, { description: 'Contacts added in the last 30 days.' })
  networkGrowth30d: number;
  @Field(() => Int, { description: "Distinct people doing the member's goal work within 3 hops." })
  reachToGoalWork: number;
  @Field({
    description:
      "When reachToGoalWork was computed: now, when the API replica's path index answers; otherwise it is cached for up to COACH_REACH_MAX_AGE_SECONDS (1 hour) and refreshed in the background.",
  })
  reachComputedAt: Date;
  @Field(() => Int)
  introsRequested: number;
  @Field(() => Int)
  introsMade: number;
  @Field(() => Int)
  meetings: number;
  @Field(() => [IntroOutcomeEnum])
  outcomes: IntroOutcome[];
  @Field(() => Date, { nullable: true })
  lastActivityAt: Date | null;
  @Field({ description: 'True when nothing has happened for the stall window (default 14 days).' })
  stalled: boolean;
  @Field(() => Date, { nullable: true, description: 'When the coach was nudged about the current stall (a scheduled job, once per stall).' })
  nudgedAt: Date | null;
  @Field(() => [String], {
    nullable: true,
    description:
      "For the member's coach only (null for anyone else): notes from people who declined an introduction and allowed the coach to see them, newest first. Never shown to the member.",
  })
  sharedDeclineNotes: string[] | null;
}

@ObjectType('MemberProgressEdge')
export class MemberProgressEdgeModel {
  @Field()
  cursor: string;
  @Field(() => MemberProgressModel)
  node: MemberProgressModel;
}

@ObjectType('MemberProgressConnection')
export class MemberProgressConnectionModel {
  @Field(() => [MemberProgressEdgeModel])
  edges: MemberProgressEdgeModel[];
  @Field(() => PageInfoModel)
  pageInfo: PageInfoModel;
  @Field(() => Int)
  totalCount: number;
}

@ObjectType('Caseload', { description: 'Stalled members first, then the least recently active.' })
export class CaseloadModel {
  @Field(() => PersonModel)
  coach: PersonModel;
  @Field(() => Int, { description: 'Members this coach takes at once.' })
  capacity: number;
  @Field(() => Int, { description: 'Members on the caseload now (a workload measure, not a target).' })
  load: number;
  @Field(() => MemberProgressConnectionModel)
  members: MemberProgressConnectionModel;
}

@ObjectType('CoachWorkload', { description: "A coach's load against their capacity (a workload measure, not a target)." })
export class CoachWorkloadModel {
  @Field(() => PersonModel)
  coach: PersonModel;
  @Field(() => Int)
  capacity: number;
  @Field(() => Int)
  load: number;
}

@ObjectType('CoachNote', { implements: () => [NodeModel], description: "A coach's reflective note about a member." })
export class CoachNoteModel implements NodeModel {
  __typename = 'CoachNote' as const;
  @Field(() => ID)
  id: string;
  @Field(() => PersonModel)
  member: PersonModel;
  @Field(() => PersonModel)
  author: PersonModel;
  @Field()
  body: string;
  @Field(() => NoteVisibilityEnum)
  visibility: NoteVisibility;
  @Field()
  createdAt: Date;
  @Field(() => Date, { nullable: true, description: 'When the author last changed the note.' })
  updatedAt: Date | null;
}

@ObjectType('CoachNoteEdge')
export class CoachNoteEdgeModel {
  @Field()
  cursor: string;
  @Field(() => CoachNoteModel)
  node: CoachNoteModel;
}

@ObjectType('CoachNoteConnection')
export class CoachNoteConnectionModel {
  @Field(() => [CoachNoteEdgeModel])
  edges: CoachNoteEdgeModel[];
  @Field(() => PageInfoModel)
  pageInfo: PageInfoModel;
  @Field(() => Int)
  totalCount: number;
}

export function toProgress(view: MemberProgressView): MemberProgressModel {
  return {
    ...view,
    member: toPerson(view.member),
    lastActivityAt: view.lastActivityAt ? new Date(view.lastActivityAt) : null,
    reachComputedAt: new Date(view.reachComputedAt),
    nudgedAt: view.nudgedAt ? new Date(view.nudgedAt) : null,
  };
}

export function toCaseload(view: CaseloadView): CaseloadModel {
  return {
    coach: toPerson(view.coach),
    capacity: view.capacity,
    load: view.load,
    members: connectionOf(view.members, toProgress),
  };
}

export function toNote(view: CoachNoteView): CoachNoteModel {
  return {
    __typename: 'CoachNote' as const,
    ...view,
    id: toGlobalId('CoachNote', view.id),
    member: toPerson(view.member),
    author: toPerson(view.author),
    createdAt: new Date(view.createdAt),
    updatedAt: view.updatedAt ? new Date(view.updatedAt) : null,
  };
}

export const CoachInvitationStatusEnum = Object.fromEntries(INVITATION_STATUSES.map((v) => [v, v])) as { [K in InvitationStatus]: K };
registerEnumType(CoachInvitationStatusEnum, {
  name: 'CoachInvitationStatus',
  description: 'PENDING until the member answers; SUPERSEDED when the member got another coach meanwhile.',
});

@ObjectType('CoachInvitation', { description: "A coach's invitation to a member to join their caseload: nothing is shared until the member accepts." })
export class CoachInvitationModel {
  @Field(() => ID)
  id: string;
  @Field(() => PersonModel)
  coach: PersonModel;
  @Field(() => PersonModel, { description: 'For the coach: the name only, unless the member is on their caseload now.' })
  member: PersonModel;
  @Field(() => CoachInvitationStatusEnum)
  status: InvitationStatus;
  @Field()
  createdAt: Date;
  @Field(() => Date, { nullable: true })
  respondedAt: Date | null;
  @Field({ description: 'True when the viewer is the member and has not answered yet.' })
  awaitingMyAnswer: boolean;
}

@ObjectType('CoachInvitationEdge')
export class CoachInvitationEdgeModel {
  @Field()
  cursor: string;
  @Field(() => CoachInvitationModel)
  node: CoachInvitationModel;
}

@ObjectType('CoachInvitationConnection')
export class CoachInvitationConnectionModel {
  @Field(() => [CoachInvitationEdgeModel])
  edges: CoachInvitationEdgeModel[];
  @Field(() => PageInfoModel)
  pageInfo: PageInfoModel;
  @Field(() => Int)
  totalCount: number;
}

export function toInvitation(view: CoachInvitationView): CoachInvitationModel {
  return {
    ...view,
    id: toGlobalId('CoachInvitation', view.id),
    coach: toPerson(view.coach),
    member: toPerson(view.member),
    createdAt: new Date(view.createdAt),
    respondedAt: view.respondedAt ? new Date(view.respondedAt) : null,
  };
}
