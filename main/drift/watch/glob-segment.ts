import { DatasetError } from '../load/table';

/** The most wildcards (`*`, `?`, `[...]`) one glob may hold. */
export const maxGlobWildcards = 32;

type Token = { kind: 'star' } | { kind: 'one' } | { kind: 'class'; negated: boolean; ranges: [number, number][] } | { kind: 'literal'; code: number };

/** One compiled path segment of a glob; matching is O(name × pattern) at worst, never exponential. */
export interface SegmentMatcher {
  test(name: string): boolean;
  wildcards: number;
}

/**
 * Compiles one glob segment: `*` (any run of characters), `?` (one character), `[abc]`, `[a-z]`
 * and `[!a-z]` / `[^a-z]` classes; everything else is literal. A `]` right after `[` or `[!` is a
 * member of the class. An unclosed `[` (`[]` included) or a range that runs backwards is refused.
 */
export function compileSegment(segment: string): SegmentMatcher {
  const chars = Array.from(segment, (c) => c.codePointAt(0)!);
  const tokens: Token[] = [];
  let wildcards = 0;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === 0x2a) {
      wildcards++;
      // Stars in a row match what one star matches.
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (c === 0x3f) {
      wildcards++;
      tokens.push({ kind: 'one' });
    } else if (c === 0x5b) {
      wildcards++;
      const { token, end } = parseClass(chars, i, segment);
      tokens.push(token);
      i = end;
    } else tokens.push({ kind: 'literal', code: c });
  }
  return { test: (name) => matches(tokens, Array.from(name, (c) => c.codePointAt(0)!)), wildcards };
}

/** Compiles the segments of a glob, refusing one with more than `maxGlobWildcards` wildcards in all. */
export function compileSegments(glob: string, segments: readonly string[]): SegmentMatcher[] {
  const compiled = segments.map((segment) => {
    try {
      return compileSegment(segment);
    } catch (error) {
      throw new DatasetError(`${glob}: ${(error as Error).message}`);
    }
  });
  const wildcards = compiled.reduce((n, m) => n + m.wildcards, 0);
  if (wildcards > maxGlobWildcards) throw new DatasetError(`${glob}: a glob may hold at most ${maxGlobWildcards} wildcards (*, ? and [...]); this one has ${wildcards}`);
  return compiled;
}

function parseClass(chars: number[], open: number, segment: string): { token: Token; end: number } {
  let i = open + 1;
  const negated = chars[i] === 0x21 || chars[i] === 0x5e;
  if (negated) i++;
  const first = i;
  const ranges: [number, number][] = [];
  for (; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === 0x5d && i > first) return { token: { kind: 'class', negated, ranges }, end: i };
    if (chars[i + 1] === 0x2d && i + 2 < chars.length && chars[i + 2] !== 0x5d) {
      const high = chars[i + 2]!;
      if (high < c) throw new Error(`the range ${String.fromCodePoint(c)}-${String.fromCodePoint(high)} in [...] runs backwards`);
      ranges.push([c, high]);
      i += 2;
    } else ranges.push([c, c]);
  }
  throw new Error(`the [ in ${segment} is never closed with ]`);
}

function matchesOne(token: Token, code: number): boolean {
  switch (token.kind) {
    case 'one':
      return true;
    case 'literal':
      return token.code === code;
    case 'class':
      return token.ranges.some(([low, high]) => code >= low && code <= high) !== token.negated;
    case 'star':
      return false;
  }
}

/**
 * The classic two-pointer wildcard match: on a mismatch only the most recent `*` takes one more
 * character, so earlier stars are never revisited and the work stays bounded by name × pattern.
 */
function matches(tokens: readonly Token[], name: readonly number[]): boolean {
  let t = 0;
  let n = 0;
  let star = -1;
  let resume = 0;
  while (n < name.length) {
    const token = tokens[t];
    if (token?.kind === 'star') {
      star = t++;
      resume = n;
    } else if (token !== undefined && matchesOne(token, name[n]!)) {
      t++;
      n++;
    } else if (star >= 0) {
      t = star + 1;
      n = ++resume;
    } else return false;
  }
  while (tokens[t]?.kind === 'star') t++;
  return t === tokens.length;
}
