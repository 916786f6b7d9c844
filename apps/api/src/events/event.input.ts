import { Field, Float, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsDate, IsNumber, IsOptional, IsString, Max, Min } from 'class-validator';
import { SHOWN_AS_MAX } from '#libs/events';
import { DATE_MESSAGE, OptionalText, RequiredText } from '../common/input.decorators.js';

@InputType('CreateEventInput')
export class CreateEventInput {
  @RequiredText(200)
  title: string;

  @OptionalText(200, 'e.g. a sector meet-up: "Health and care careers"')
  theme?: string | null;

  @Field()
  @IsDate({ message: DATE_MESSAGE })
  startsAt: Date;

  @OptionalText(200)
  location?: string | null;
}

@InputType('MetAtEventInput')
export class MetAtEventInput {
  @Field(() => ID)
  @IsString()
  eventId: string;

  @Field(() => [ID])
  @ArrayMinSize(1, { message: 'name at least one person you met' })
  @ArrayMaxSize(100, { message: 'at most 100 people at once' })
  @IsString({ each: true })
  personIds: string[];

  @Field(() => Float, { nullable: true, defaultValue: 0.3 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number from 0 to 1' })
  @Min(0, { message: 'must be a number from 0 to 1' })
  @Max(1, { message: 'must be a number from 0 to 1' })
  strength?: number | null;
}

@InputType('AttendanceListingInput')
export class AttendanceListingInput {
  @Field(() => ID)
  @IsString()
  eventId: string;

  @Field({ description: "True to be on the event's attendee list, which only other attendees see." })
  @IsBoolean({ message: 'must be true or false' })
  listed: boolean;

  @OptionalText(SHOWN_AS_MAX, 'The name other attendees see; the first word of your own name when left out.')
  shownAs?: string | null;
}
