import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

@InputType('IntroPathsInput')
export class IntroPathsInput {
  @Field(() => String, {
    nullable: true,
    description: 'Free text for the work wanted, e.g. "paramedic" or "youth work". One of work, occupationCode or targetPersonId is required.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  work?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20, { message: 'is not a SOC 2020 unit group code' })
  occupationCode?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  targetPersonId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Employer or sector: people who work there, e.g. "Yorkshire Ambulance Service", "the NHS", "schools". Alone, or with work or occupationCode.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  organisation?: string | null;

  @Field(() => Int, { nullable: true, defaultValue: 3, description: '1..3' })
  @IsOptional()
  @IsInt({ message: 'must be 1, 2 or 3' })
  @Min(1, { message: 'must be 1, 2 or 3' })
  @Max(3, { message: 'must be 1, 2 or 3' })
  maxHops?: number | null;

  @Field(() => Int, { nullable: true, defaultValue: 10, description: 'How many distinct target people to return, best first (1..50).' })
  @IsOptional()
  @IsInt({ message: 'must be an integer from 1 to 50' })
  @Min(1, { message: 'must be an integer from 1 to 50' })
  @Max(50, { message: 'must be an integer from 1 to 50' })
  first?: number | null;
}
