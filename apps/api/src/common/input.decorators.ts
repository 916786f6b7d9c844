import { applyDecorators } from '@nestjs/common';
import { Field, Float } from '@nestjs/graphql';
import { ArrayMaxSize, IsDate, IsNumber, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

/** A required text input of at most `max` characters. */
export const RequiredText = (max: number, description?: string) =>
  applyDecorators(
    Field({ description }),
    IsString(),
    MinLength(1, { message: 'must not be empty' }),
    MaxLength(max, { message: `must be at most ${max} characters` }),
  );

/** An optional (nullable) text input of at most `max` characters. */
export const OptionalText = (max: number, description?: string) =>
  applyDecorators(
    Field(() => String, { nullable: true, description }),
    IsOptional(),
    IsString(),
    MaxLength(max, { message: `must be at most ${max} characters` }),
  );

const STRENGTH = 'must be a number from 0 to 1 (1 = know each other very well)';

/** How well two people know each other, 0..1. */
export const Strength = (nullable: boolean) =>
  applyDecorators(
    Field(() => Float, { nullable }),
    ...(nullable ? [IsOptional()] : []),
    IsNumber({ allowNaN: false, allowInfinity: false }, { message: STRENGTH }),
    Min(0, { message: STRENGTH }),
    Max(1, { message: STRENGTH }),
  );

/** The one wording of every date input that is not a date. */
export const DATE_MESSAGE = 'must be a date and time in ISO 8601 form, e.g. 2026-03-01T18:30:00Z';

/** An optional (nullable) DateTime input. */
export const OptionalDate = () =>
  applyDecorators(
    Field(() => Date, { nullable: true }),
    IsOptional(),
    IsDate({ message: DATE_MESSAGE }),
  );

/** An optional list of short texts (identifiers); the domain applies the per-contact bound with its own message. */
export const TextList = (max: number, description?: string) =>
  applyDecorators(
    Field(() => [String], { nullable: true, description }),
    IsOptional(),
    ArrayMaxSize(10, { message: 'at most 10 items' }),
    IsString({ each: true }),
    MaxLength(max, { each: true, message: `each must be at most ${max} characters` }),
  );
