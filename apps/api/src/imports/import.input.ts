import { Field, Float, InputType } from '@nestjs/graphql';
import { IsEnum, IsIn, IsNumber, IsOptional, IsString, Max, Min } from 'class-validator';
import { IMPORT_FORMATS, type ImportFormat } from '#libs/imports';
import { RelationshipContextEnum } from '../network/network.enums.js';
import { ImportFormatEnum } from './import.model.js';
import { Multiline } from '../common/text-rules.js';

@InputType('ImportContactsInput')
export class ImportContactsInput {
  @Field(() => ImportFormatEnum)
  @IsIn(IMPORT_FORMATS)
  format: ImportFormat;

  /** Size is checked by the service against IMPORT_MAX_BYTES, with the limit in the message. */
  @Field({ description: "The file's text (UTF-8)." })
  @IsString()
  @Multiline('file')
  content: string;

  @Field(() => RelationshipContextEnum, { nullable: true, defaultValue: 'OTHER' })
  @IsOptional()
  @IsEnum(RelationshipContextEnum)
  defaultContext?: RelationshipContextEnum | null;

  @Field(() => Float, { nullable: true, defaultValue: 0.3 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number from 0 to 1' })
  @Min(0, { message: 'must be a number from 0 to 1' })
  @Max(1, { message: 'must be a number from 0 to 1' })
  defaultStrength?: number | null;
}
