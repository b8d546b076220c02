/**
 * What the roll import reports. Types only, without a runtime import, so that the dashboard
 * type-checks against them without taking in the station's Node and database types.
 */

/** What the CSV reader found out about the file. */
export type CsvMeta = { encoding: 'utf-8' | 'utf-8-bom' | 'windows-1252'; delimiter: ';' | ',' | '\t' };

export type RollReport = {
  fileName: string;
  fileSha256: string;
  encoding: CsvMeta['encoding'];
  delimiter: CsvMeta['delimiter'];
  dataRows: number;
  voters: number;
  rights: number;
  preprintedBarcodes: number;
  byUrn: { urnId: string; label: string; contest: string; category: string; subcategory: string | null; rights: number }[];
  byCategory: { category: string; subcategory: string | null; rights: number }[];
};

/** Why a roll line (or the whole file, line 0) was refused; the message is French, for the screen. */
export type RollErrorCode =
  | 'MISSING_VALUE'
  | 'BAD_NUMBER'
  | 'BAD_DATE'
  | 'BAD_SIREN'
  | 'UNKNOWN_CATEGORY'
  | 'UNKNOWN_SUBCATEGORY'
  | 'TOO_LONG'
  | 'BAD_BARCODE'
  | 'DUPLICATE'
  | 'DUPLICATE_BARCODE'
  | 'INCONSISTENT_VOTER'
  | 'BAD_COLUMNS'
  | 'BAD_ENCODING'
  | 'BAD_CSV'
  | 'EMPTY_FILE'
  | 'BAD_CHARACTER';

export type RollError = { line: number; column?: string; code: RollErrorCode; message: string };
