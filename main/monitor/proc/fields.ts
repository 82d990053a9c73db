/**
 * Steps to the next whitespace-separated field of `text` before `lineEnd`, from `at.end`: sets
 * `at.start` and `at.end` around it and says whether there was one. Whitespace is what a /proc
 * file separates with: spaces, and the ASCII controls from tab to carriage return.
 */
export function nextField(text: string, at: { start: number; end: number }, lineEnd: number): boolean {
  let i = at.end;
  while (i < lineEnd && isSpace(text.charCodeAt(i))) i++;
  if (i >= lineEnd) return false;
  at.start = i;
  while (i < lineEnd && !isSpace(text.charCodeAt(i))) i++;
  at.end = i;
  return true;
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}
