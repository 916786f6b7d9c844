export const IMPORT_FORMATS = ['LINKEDIN_CSV', 'VCARD', 'GOOGLE_CSV'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export const IMPORT_STATUSES = ['QUEUED', 'RUNNING', 'COMPLETED', 'FAILED'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** One record as read from the file, before validation. `row` is its line (CSV) or card number (vCard). */
export interface RawContact {
  row: number;
  name: string | null;
  emails: string[];
  phones: string[];
  linkedinUrl: string | null;
  organisation: string | null;
  title: string | null;
  /** When the two connected (LinkedIn "Connected On"). */
  connectedOn: Date | null;
  /** What was wrong with this record's values (reported as row problems; the rest of the row is used). */
  problems?: string[];
  /** The record could not be read at all (an unfinished or broken card): reported and skipped. */
  unreadable?: boolean;
}

export interface RowError {
  row: number;
  message: string;
}

/** A file that is not what it was declared to be: the job fails and writes nothing. */
export class ImportFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFormatError';
  }
}

export interface ImportJobView {
  id: string;
  format: ImportFormat;
  status: ImportStatus;
  totalRows: number | null;
  processedRows: number;
  created: number;
  linkedExisting: number;
  skipped: number;
  errors: RowError[];
  errorCount: number;
  failure: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** At most this many row errors are kept and shown; errorCount says how many there were. */
export const MAX_ROW_ERRORS = 100;
