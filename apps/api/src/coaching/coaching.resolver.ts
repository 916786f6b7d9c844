import { Inject } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Viewer } from '#libs/auth';
import { CoachingService } from '#libs/coaching';
import { fromGlobalId } from '#libs/common';
import { CurrentViewer, Roles } from '../auth/auth.decorators.js';
import { AddCoachNoteInput } from './coaching.input.js';
import { CaseloadModel, CoachNoteModel, CoachWorkloadModel, MemberProgressModel, toCaseload, toNote, toProgress } from './coaching.model.js';
import { toPerson } from '../network/person.model.js';

@Resolver()
export class CoachingResolver {
  constructor(@Inject(CoachingService) private readonly coaching: CoachingService) {}

  @Roles('COACH', 'ADMIN')
  @Query(() => CaseloadModel, { description: "The viewer's caseload, with each member's progress." })
  async caseload(
    @CurrentViewer() viewer: Viewer,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<CaseloadModel> {
    return toCaseload(await this.coaching.caseload(viewer, first ?? 20, after));
  }

  @Roles('ADMIN')
  @Query(() => [CoachWorkloadModel], { description: "Admins: every coach's load against capacity, busiest first." })
  async coachWorkloads(): Promise<CoachWorkloadModel[]> {
    return (await this.coaching.workloads()).map((w) => ({ ...w, coach: toPerson(w.coach) }));
  }

  @Query(() => MemberProgressModel, { description: 'For the member, their coach, or an admin.' })
  async memberProgress(@CurrentViewer() viewer: Viewer, @Args('memberId', { type: () => ID }) memberId: string): Promise<MemberProgressModel> {
    return toProgress(await this.coaching.memberProgress(viewer, fromGlobalId(memberId, 'Person', 'memberId')));
  }

  @Query(() => [CoachNoteModel], { description: "The coach's own notes about a member on their caseload; for the member (memberId = their own id), the notes shared with them." })
  async coachNotes(
    @CurrentViewer() viewer: Viewer,
    @Args('memberId', { type: () => ID }) memberId: string,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<CoachNoteModel[]> {
    return (await this.coaching.notes(viewer, fromGlobalId(memberId, 'Person', 'memberId'), first ?? 20, after)).map(toNote);
  }

  @Roles('COACH', 'ADMIN')
  @Mutation(() => MemberProgressModel, { description: "Admin or coach: put a member on a coach's caseload." })
  async assignCoach(
    @CurrentViewer() viewer: Viewer,
    @Args('memberId', { type: () => ID }) memberId: string,
    @Args('coachId', { type: () => ID }) coachId: string,
    @Args('override', { type: () => Boolean, nullable: true, defaultValue: false, description: "Admins only: assign past the coach's capacity." }) override: boolean,
  ): Promise<MemberProgressModel> {
    return toProgress(await this.coaching.assignCoach(viewer, fromGlobalId(memberId, 'Person', 'memberId'), fromGlobalId(coachId, 'Person', 'coachId'), override ?? false));
  }

  @Roles('COACH')
  @Mutation(() => CoachNoteModel)
  async addCoachNote(@CurrentViewer() viewer: Viewer, @Args('input') input: AddCoachNoteInput): Promise<CoachNoteModel> {
    return toNote(await this.coaching.addNote(viewer, { ...input, memberId: fromGlobalId(input.memberId, 'Person', 'input.memberId') }));
  }
}
