import { Field, ID, InputType } from '@nestjs/graphql';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
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
