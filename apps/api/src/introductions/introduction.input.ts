import { Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { INTRO_OUTCOMES, INTRO_MESSAGE_MAX, INTRO_NOTE_MAX, type IntroOutcome } from '#libs/introductions';
import { OptionalText, Strength } from '../common/input.decorators.js';
import { RelationshipContextEnum } from '../network/network.enums.js';
import { IntroOutcomeEnum } from './introduction.model.js';
import { Multiline } from '../common/text-rules.js';

@InputType('RequestIntroductionInput')
export class RequestIntroductionInput {
  @Field(() => ID)
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(4096, { message: 'is not a path handle issued by introPaths' })
  pathId: string;

  @Field({ description: 'The forwardable note each broker can pass on.' })
  @IsString()
  @MaxLength(INTRO_MESSAGE_MAX, { message: `must be at most ${INTRO_MESSAGE_MAX} characters` })
  @Multiline()
  message: string;

  @Field(() => String, { nullable: true, description: 'Idempotency key: the same key from the same account returns the same request.' })
  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(100, { message: 'must be at most 100 characters' })
  clientMutationId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'You asked for an introduction to this person before: the request is refused with a warning (CONFLICT on input.confirmRepeat) unless this is true. Confirming a path Backr offered (nextPath) needs no confirmation.',
  })
  @IsOptional()
  @IsBoolean()
  confirmRepeat?: boolean | null;
}

@InputType('RespondToIntroductionInput')
export class RespondToIntroductionInput {
  @Field(() => ID)
  @IsString()
  requestId: string;

  @Field()
  @IsBoolean()
  accept: boolean;

  @OptionalText(INTRO_NOTE_MAX)
  @Multiline()
  note?: string | null;

  @Field(() => ID, { nullable: true, description: 'Set by a broker relaying the answer of a person who has no account.' })
  @IsOptional()
  @IsString()
  onBehalfOfPersonId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: "When declining: may the note reach the requester's coach? It never reaches the requester.",
  })
  @IsOptional()
  @IsBoolean()
  shareNoteWithCoach?: boolean | null;
}

@InputType('RecordIntroOutcomeInput')
export class RecordIntroOutcomeInput {
  @Field(() => ID)
  @IsString()
  requestId: string;

  @Field()
  @IsBoolean()
  met: boolean;

  @Field(() => IntroOutcomeEnum, { nullable: true })
  @IsOptional()
  @IsIn(INTRO_OUTCOMES)
  outcome?: IntroOutcome | null;

  @OptionalText(INTRO_NOTE_MAX)
  @Multiline()
  note?: string | null;
}

@InputType('AddIntroducedContactInput', {
  description: 'After an introduction: add the person you were introduced to (or who asked for you) to your own network, with the details shown to you.',
})
export class AddIntroducedContactInput {
  @Field(() => ID)
  @IsString()
  requestId: string;

  @OptionalText(200)
  displayName?: string | null;

  @Field(() => RelationshipContextEnum, { nullable: true, description: 'How you know them now; PROFESSIONAL when left out.' })
  @IsOptional()
  @IsEnum(RelationshipContextEnum)
  context?: RelationshipContextEnum | null;

  @Strength(true)
  strength?: number | null;
}
