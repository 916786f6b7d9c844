import { Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { NOTE_MAX, NOTE_VISIBILITIES, type NoteVisibility } from '#libs/coaching';
import { NoteVisibilityEnum } from './coaching.model.js';
import { Multiline } from '../common/text-rules.js';

@InputType('AddCoachNoteInput')
export class AddCoachNoteInput {
  @Field(() => ID)
  @IsString()
  memberId: string;

  @Field()
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(NOTE_MAX, { message: `must be at most ${NOTE_MAX} characters` })
  @Multiline()
  body: string;

  @Field(() => NoteVisibilityEnum, { nullable: true, defaultValue: 'PRIVATE' })
  @IsOptional()
  @IsIn(NOTE_VISIBILITIES)
  visibility?: NoteVisibility | null;
}

@InputType('RespondToCoachInvitationInput')
export class RespondToCoachInvitationInput {
  @Field(() => ID)
  @IsString()
  invitationId: string;

  @Field({ description: "True to join the coach's caseload (they then see your goals and progress); false to say no." })
  @IsBoolean({ message: 'must be true or false' })
  accept: boolean;
}

@InputType('UpdateCoachNoteInput')
export class UpdateCoachNoteInput {
  @Field(() => ID)
  @IsString()
  noteId: string;

  @Field(() => String, { nullable: true, description: 'The new text; left out, the text stays.' })
  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(NOTE_MAX, { message: `must be at most ${NOTE_MAX} characters` })
  body?: string | null;

  @Field(() => NoteVisibilityEnum, { nullable: true, description: 'Who sees it; left out, it stays.' })
  @IsOptional()
  @IsIn(NOTE_VISIBILITIES)
  visibility?: NoteVisibility | null;
}
