import { Field, Float, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsBoolean, IsDate, IsEnum, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateNested,
} from 'class-validator';
import { RelationshipContextEnum } from './network.enums.js';

@InputType('WorkRoleInput')
export class WorkRoleInput {
  @Field()
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(200, { message: 'must be at most 200 characters' })
  title: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  organisation?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  sector?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  location?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: true })
  @IsOptional()
  @IsBoolean()
  current?: boolean | null;
}

@InputType('ContactInput', {
  description:
    'A contact to add. email, phone and linkedinUrl identify the same real person across members: adding someone already in the graph links to that node.',
})
export class ContactInput {
  @Field()
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(200, { message: 'must be at most 200 characters' })
  displayName: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(254, { message: 'must be at most 254 characters' })
  email?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(40, { message: 'must be at most 40 characters' })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(300, { message: 'must be at most 300 characters' })
  linkedinUrl?: string | null;

  @Field(() => [WorkRoleInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20, { message: 'at most 20 roles' })
  @ValidateNested({ each: true })
  @Type(() => WorkRoleInput)
  roles?: WorkRoleInput[] | null;

  @Field(() => RelationshipContextEnum)
  @IsEnum(RelationshipContextEnum)
  context: RelationshipContextEnum;

  @Field(() => Float)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0, { message: 'must be a number from 0 to 1 (1 = know each other very well)' })
  @Max(1, { message: 'must be a number from 0 to 1 (1 = know each other very well)' })
  strength: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(1000, { message: 'must be at most 1000 characters' })
  howWeMet?: string | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate()
  lastContactAt?: Date | null;
}

@InputType('RelationshipUpdateInput')
export class RelationshipUpdateInput {
  @Field(() => RelationshipContextEnum, { nullable: true })
  @IsOptional()
  @IsEnum(RelationshipContextEnum)
  context?: RelationshipContextEnum | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0, { message: 'must be a number from 0 to 1 (1 = know each other very well)' })
  @Max(1, { message: 'must be a number from 0 to 1 (1 = know each other very well)' })
  strength?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(1000, { message: 'must be at most 1000 characters' })
  howWeMet?: string | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate()
  lastContactAt?: Date | null;
}

@InputType('NetworkFilter')
export class NetworkFilter {
  @Field(() => String, { nullable: true, description: 'Free text over names and work.' })
  @IsOptional()
  @MaxLength(200, { message: 'must be at most 200 characters' })
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

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  headline?: string | null;

  @Field(() => [WorkRoleInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20, { message: 'at most 20 roles' })
  @ValidateNested({ each: true })
  @Type(() => WorkRoleInput)
  roles?: WorkRoleInput[] | null;
}

@InputType('WorkGoalInput')
export class WorkGoalInput {
  @Field()
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(200, { message: 'must be at most 200 characters' })
  work: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  location?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000, { message: 'must be at most 2000 characters' })
  note?: string | null;
}
