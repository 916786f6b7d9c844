import { Inject } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Viewer } from '#libs/auth';
import type { AccountRole } from '#libs/auth';
import { CoachAssignmentService, CoachDirectoryService, CoachingService, type InvitationStatus } from '#libs/coaching';
import { fromGlobalId } from '#libs/common';
import { CurrentViewer, Roles } from '../auth/auth.decorators.js';
import { connectionOf } from '../common/node.model.js';
import { AccountRoleEnum } from '../network/network.enums.js';
import { AccountListingConnectionModel, CoachMemberConnectionModel, toAccountListing, toCoachMember } from './coach-directory.model.js';
import { AddCoachNoteInput, RespondToCoachInvitationInput, UpdateCoachNoteInput } from './coaching.input.js';
import {
  CaseloadModel,
  CoachInvitationConnectionModel,
  CoachInvitationModel,
  CoachInvitationStatusEnum,
  CoachNoteConnectionModel,
  CoachNoteModel,
  CoachWorkloadModel,
  MemberProgressModel,
  toCaseload,
  toInvitation,
  toNote,
  toProgress,
} from './coaching.model.js';
import { toPerson } from '../network/person.model.js';

@Resolver()
export class CoachingResolver {
  constructor(
    @Inject(CoachingService) private readonly coaching: CoachingService,
    @Inject(CoachAssignmentService) private readonly assignments: CoachAssignmentService,
    @Inject(CoachDirectoryService) private readonly directory: CoachDirectoryService,
  ) {}

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

  @Query(() => [CoachNoteModel], {
    description:
      "The coach's own notes about a member on their caseload; for the member (memberId = their own id), the notes shared with them. See coachNotesConnection for pages with a total.",
  })
  async coachNotes(
    @CurrentViewer() viewer: Viewer,
    @Args('memberId', { type: () => ID }) memberId: string,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<CoachNoteModel[]> {
    return (await this.coaching.notes(viewer, fromGlobalId(memberId, 'Person', 'memberId'), first ?? 20, after)).items.map((i) => toNote(i.view));
  }

  @Query(() => CoachNoteConnectionModel, { description: 'coachNotes as pages with cursors and a total: newest first, the same rule on who reads what.' })
  async coachNotesConnection(
    @CurrentViewer() viewer: Viewer,
    @Args('memberId', { type: () => ID }) memberId: string,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<CoachNoteConnectionModel> {
    const page = await this.coaching.notes(viewer, fromGlobalId(memberId, 'Person', 'memberId'), first ?? 20, after);
    return connectionOf(page, toNote);
  }

  @Roles('COACH')
  @Query(() => CoachMemberConnectionModel, {
    description: 'Coach: the members on your caseload and those with your unanswered invitation, by name (search: part of the name).',
  })
  async coachMembers(
    @CurrentViewer() viewer: Viewer,
    @Args('search', { type: () => String, nullable: true }) search: string | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<CoachMemberConnectionModel> {
    const page = await this.directory.coachMembers(viewer, search, first ?? 20, after);
    return connectionOf(page, toCoachMember);
  }

  @Roles('ADMIN')
  @Query(() => AccountListingConnectionModel, {
    description: 'Admins: accounts by name (search: part of the name), optionally of one role, or members without a coach.',
  })
  async accountDirectory(
    @Args('search', { type: () => String, nullable: true }) search: string | null,
    @Args('role', { type: () => AccountRoleEnum, nullable: true }) role: AccountRole | null,
    @Args('withoutCoach', { type: () => Boolean, nullable: true, defaultValue: false, description: 'Only members who have no coach.' })
    withoutCoach: boolean | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<AccountListingConnectionModel> {
    const page = await this.directory.accounts({ search, role: role ?? null, withoutCoach: withoutCoach ?? false, first: first ?? 20, after });
    return connectionOf(page, toAccountListing);
  }

  @Query(() => CoachInvitationConnectionModel, {
    description: 'Invitations to a caseload that the viewer received (as a member) or sent (as a coach): unanswered first, then newest first.',
  })
  async myCoachInvitations(
    @CurrentViewer() viewer: Viewer,
    @Args('status', { type: () => CoachInvitationStatusEnum, nullable: true }) status: InvitationStatus | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<CoachInvitationConnectionModel> {
    const page = await this.assignments.invitations(viewer, status ?? null, first ?? 20, after);
    return connectionOf(page, toInvitation);
  }

  @Roles('COACH')
  @Mutation(() => CoachInvitationModel, {
    description: 'Coach: invite a member without a coach to your caseload. They are told and may accept or decline; asking again returns the same invitation.',
  })
  async inviteToCaseload(@CurrentViewer() viewer: Viewer, @Args('memberId', { type: () => ID }) memberId: string): Promise<CoachInvitationModel> {
    return toInvitation(await this.assignments.invite(viewer, fromGlobalId(memberId, 'Person', 'memberId')));
  }

  @Mutation(() => CoachInvitationModel, {
    description:
      "Member: accept or decline a coach's invitation. On accepting, the coach sees your goals and progress; you, the coach and any previous coach are told.",
  })
  async respondToCoachInvitation(@CurrentViewer() viewer: Viewer, @Args('input') input: RespondToCoachInvitationInput): Promise<CoachInvitationModel> {
    return toInvitation(await this.assignments.respond(viewer, fromGlobalId(input.invitationId, 'CoachInvitation', 'input.invitationId'), input.accept));
  }

  @Roles('COACH', 'ADMIN')
  @Mutation(() => MemberProgressModel, {
    description:
      "Admin: put a member on a coach's caseload (the member and both coaches are told). Coach, naming yourself: invites the member instead (see inviteToCaseload) and answers FORBIDDEN with extensions.invitationSent, unless they are already yours.",
  })
  async assignCoach(
    @CurrentViewer() viewer: Viewer,
    @Args('memberId', { type: () => ID }) memberId: string,
    @Args('coachId', { type: () => ID }) coachId: string,
    @Args('override', { type: () => Boolean, nullable: true, defaultValue: false, description: "Admins only: assign past the coach's capacity." })
    override: boolean,
  ): Promise<MemberProgressModel> {
    return toProgress(
      await this.assignments.assignCoach(viewer, fromGlobalId(memberId, 'Person', 'memberId'), fromGlobalId(coachId, 'Person', 'coachId'), override ?? false),
    );
  }

  @Roles('COACH')
  @Mutation(() => CoachNoteModel)
  async addCoachNote(@CurrentViewer() viewer: Viewer, @Args('input') input: AddCoachNoteInput): Promise<CoachNoteModel> {
    return toNote(await this.coaching.addNote(viewer, { ...input, memberId: fromGlobalId(input.memberId, 'Person', 'input.memberId') }));
  }

  @Mutation(() => CoachNoteModel, { description: "The note's author: change its text or who sees it." })
  async updateCoachNote(@CurrentViewer() viewer: Viewer, @Args('input') input: UpdateCoachNoteInput): Promise<CoachNoteModel> {
    return toNote(await this.coaching.updateNote(viewer, fromGlobalId(input.noteId, 'CoachNote', 'input.noteId'), input));
  }

  @Mutation(() => Boolean, { description: "The note's author: delete it. True once it is gone." })
  async deleteCoachNote(@CurrentViewer() viewer: Viewer, @Args('noteId', { type: () => ID }) noteId: string): Promise<boolean> {
    await this.coaching.deleteNote(viewer, fromGlobalId(noteId, 'CoachNote', 'noteId'));
    return true;
  }
}
