import { Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { applyDecorators } from '@nestjs/common';
import { ArrayMaxSize, IsBoolean, IsEnum, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { OptionalDate, OptionalText, RequiredText, Strength, TextList } from '../common/input.decorators.js';
import { RelationshipContextEnum } from './network.enums.js';
import { Multiline } from '../common/text-rules.js';

@InputType('WorkRoleInput')
export class WorkRoleInput {
  @RequiredText(200)
  title: string;

  @OptionalText(200)
  organisation?: string | null;

  @OptionalText(200)
  sector?: string | null;

  @OptionalText(200)
  location?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: true })
  @IsOptional()
  @IsBoolean()
  current?: boolean | null;
}

/** Up to 20 work roles, each validated as a WorkRoleInput. */
const WorkRoleList = () =>
  applyDecorators(
    Field(() => [WorkRoleInput], { nullable: true }),
    IsOptional(),
    ArrayMaxSize(20, { message: 'at most 20 roles' }),
    ValidateNested({ each: true }),
    Type(() => WorkRoleInput),
  );

@InputType('ContactInput', {
  description:
    'A contact to add. email, phone and linkedinUrl identify the same real person across members: adding someone already in the graph links to that node.',
})
export class ContactInput {
  @RequiredText(200)
  displayName: string;

  @OptionalText(254)
  email?: string | null;

  @TextList(254, 'More email addresses for this person (at most 3 emails in all, with email).')
  emails?: string[] | null;

  @OptionalText(40)
  phone?: string | null;

  @TextList(40, 'More phone numbers for this person (at most 3 phones in all, with phone).')
  phones?: string[] | null;

  @OptionalText(300)
  linkedinUrl?: string | null;

  @WorkRoleList()
  roles?: WorkRoleInput[] | null;

  @Field(() => RelationshipContextEnum)
  @IsEnum(RelationshipContextEnum)
  context: RelationshipContextEnum;

  @Strength(false)
  strength: number;

  @OptionalText(1000)
  @Multiline()
  howWeMet?: string | null;

  @OptionalDate()
  lastContactAt?: Date | null;
}

@InputType('RelationshipUpdateInput', {
  description:
    'Changes to your own record of a contact. Identifiers are replaced by kind: email or emails replaces the email addresses you recorded, phone or phones the phone numbers, linkedinUrl the profile; a kind left out stays as it was; an empty list or empty text clears that kind.',
})
export class RelationshipUpdateInput {
  @OptionalText(200, 'Your name for this person (only you see it).')
  displayName?: string | null;

  @OptionalText(254)
  email?: string | null;

  @TextList(254, 'Replaces the other email addresses you recorded (at most 3 in all, with email).')
  emails?: string[] | null;

  @OptionalText(40)
  phone?: string | null;

  @TextList(40, 'Replaces the other phone numbers you recorded (at most 3 in all, with phone).')
  phones?: string[] | null;

  @OptionalText(300)
  linkedinUrl?: string | null;

  @Field(() => [WorkRoleInput], { nullable: true, description: 'Replaces the work roles you recorded for this person.' })
  @IsOptional()
  @ArrayMaxSize(20, { message: 'at most 20 roles' })
  @ValidateNested({ each: true })
  @Type(() => WorkRoleInput)
  roles?: WorkRoleInput[] | null;

  @Field(() => RelationshipContextEnum, { nullable: true })
  @IsOptional()
  @IsEnum(RelationshipContextEnum)
  context?: RelationshipContextEnum | null;

  @Strength(true)
  strength?: number | null;

  @OptionalText(1000)
  @Multiline()
  howWeMet?: string | null;

  @OptionalDate()
  lastContactAt?: Date | null;
}

@InputType('NetworkFilter')
export class NetworkFilter {
  @OptionalText(200, 'Free text over names and work.')
  search?: string | null;

  @OptionalText(200, 'An employer or sector ("Yorkshire Ambulance Service", "the NHS", "schools"): contacts whose work you recorded there.')
  organisation?: string | null;

  @Field(() => [RelationshipContextEnum], { nullable: true })
  @IsOptional()
  @IsEnum(RelationshipContextEnum, { each: true })
  contexts?: RelationshipContextEnum[] | null;
}

@InputType('AccountSettingsInput')
export class AccountSettingsInput {
  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  lendsNetwork?: boolean | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt({ message: 'must be an integer from 0 to 50' })
  @Min(0, { message: 'must be an integer from 0 to 50' })
  @Max(50, { message: 'must be an integer from 0 to 50' })
  brokerCapacity?: number | null;

  @OptionalText(200)
  headline?: string | null;

  @WorkRoleList()
  roles?: WorkRoleInput[] | null;

  /** Introductions: no asks reach this account before this time (null clears it). */
  @OptionalDate()
  awayUntil?: Date | null;

  /** Introductions: move a held-up request to the best other path at once instead of offering it. */
  @Field(() => Boolean, {
    nullable: true,
    description:
      'Automatic re-routing: when a request of mine waits in line for a busy volunteer, or an ask goes unanswered, move it to the best other path at once instead of offering that path for me to confirm.',
  })
  @IsOptional()
  @IsBoolean()
  autoReroute?: boolean | null;
}

@InputType('WorkGoalInput')
export class WorkGoalInput {
  @RequiredText(200)
  work: string;

  @OptionalText(200)
  location?: string | null;

  @OptionalText(2000)
  @Multiline()
  note?: string | null;
}
