/** A loaded dataset: one entry per column, row-aligned, missing values marked. */
export interface NumericColumn {
  name: string;
  kind: 'numeric';
  /** One value per row; NaN where the value is missing. */
  values: Float64Array;
  missing: number;
}

export interface CategoricalColumn {
  name: string;
  kind: 'categorical';
  /** One code per row into `dictionary`; −1 where the value is missing. */
  codes: Int32Array;
  dictionary: string[];
  missing: number;
}

export type Column = NumericColumn | CategoricalColumn;

export interface Table {
  /** The file it came from, for messages. */
  source: string;
  rows: number;
  columns: Column[];
  /** SHA-256 of the file's bytes, hex. */
  sha256?: string;
  /** How the file was read, in words. */
  format?: string;
}

export class DatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetError';
  }
}

/** Text spellings of a missing value. */
const missingTokens = new Set(['', 'NA', 'N/A', 'na', 'n/a', 'NaN', 'nan', 'null', 'NULL', 'Null', 'None', 'none']);

export function isMissingToken(token: string): boolean {
  if (token.length <= 4) return missingTokens.has(token) || missingTokens.has(token.trim());
  // Longer tokens can only be a missing marker when padded with spaces.
  const first = token.charCodeAt(0);
  const last = token.charCodeAt(token.length - 1);
  return (first === 32 || first === 9 || last === 32 || last === 9) && missingTokens.has(token.trim());
}
