/** Caps on what a dataset file may hold, so a hostile or broken file fails clearly instead of exhausting memory. */
export const maxColumns = 10_000;
/** Characters in one CSV record (a quoted field may span lines) or one JSON Lines line. */
export const maxLineChars = 4 * 1024 * 1024;
export const maxLineLabel = '4 MiB';
