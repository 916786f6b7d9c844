import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { toGlobalId } from '#libs/common';
import { IMPORT_FORMATS, IMPORT_STATUSES, type ImportFormat, type ImportJobView, type ImportStatus } from '#libs/imports';
import { NodeModel } from '../common/node.model.js';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
export const ImportFormatEnum = enumOf(IMPORT_FORMATS);
export const ImportStatusEnum = enumOf(IMPORT_STATUSES);
registerEnumType(ImportFormatEnum, { name: 'ImportFormat' });
registerEnumType(ImportStatusEnum, { name: 'ImportStatus' });

@ObjectType('ImportRowError')
export class ImportRowErrorModel {
  @Field(() => Int, { description: 'Line of the CSV file, or number of the card in a vCard file.' })
  row: number;
  @Field()
  message: string;
}

@ObjectType('ImportJob', { implements: () => [NodeModel] })
export class ImportJobModel implements NodeModel {
  __typename = 'ImportJob' as const;
  @Field(() => ID)
  id: string;
  @Field(() => ImportFormatEnum)
  format: ImportFormat;
  @Field(() => ImportStatusEnum)
  status: ImportStatus;
  @Field(() => Int, { nullable: true, description: 'Records in the file, once it has been read.' })
  totalRows: number | null;
  @Field(() => Int)
  processedRows: number;
  @Field(() => Int, { description: 'New people added to the graph.' })
  created: number;
  @Field(() => Int, { description: 'Rows that were people already in the graph (matched by email, phone or LinkedIn, or your earlier import).' })
  linkedExisting: number;
  @Field(() => Int, { description: 'Rows not imported as a contact of their own: unusable, yourself, or the same person as an earlier row.' })
  skipped: number;
  @Field(() => [ImportRowErrorModel], { description: 'The first 100 row problems; errorCount has the total.' })
  errors: ImportRowErrorModel[];
  @Field(() => Int)
  errorCount: number;
  @Field(() => String, { nullable: true, description: 'Why the job FAILED (nothing was written).' })
  failure: string | null;
  @Field()
  createdAt: Date;
  @Field(() => Date, { nullable: true })
  finishedAt: Date | null;
}

export function toImportJob(view: ImportJobView): ImportJobModel {
  return {
    __typename: 'ImportJob' as const,
    ...view,
    id: toGlobalId('ImportJob', view.id),
    createdAt: new Date(view.createdAt),
    finishedAt: view.finishedAt ? new Date(view.finishedAt) : null,
  };
}
