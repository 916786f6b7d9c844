import { Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { applyDecorators } from '@nestjs/common';
import { ArrayMaxSize, IsBoolean, IsEnum, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { OptionalDate, OptionalText, RequiredText, Strength } from '../common/input.decorators.js';
import { RelationshipContextEnum } from './network.enums.js';

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

  @OptionalText(40)
  phone?: string | null;

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
  howWeMet?: string | null;

  @OptionalDate()
  lastContactAt?: Date | null;
}

@InputType('RelationshipUpdateInput')
export class RelationshipUpdateInput {
  @Field(() => RelationshipContextEnum, { nullable: true })
  @IsOptional()
  @IsEnum(RelationshipContextEnum)
  context?: RelationshipContextEnum | null;

  @Strength(true)
  strength?: number | null;

  @OptionalText(1000)
  howWeMet?: string | null;

  @OptionalDate()
  lastContactAt?: Date | null;
}

@InputType('NetworkFilter')
export class NetworkFilter {
  @OptionalText(200, 'Free text over names and work.')
  search?: string | null;

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
}

@InputType('WorkGoalInput')
export class WorkGoalInput {
  @RequiredText(200)
  work: string;

  @OptionalText(200)
  location?: string | null;

  @OptionalText(2000)
  note?: string | null;
}
