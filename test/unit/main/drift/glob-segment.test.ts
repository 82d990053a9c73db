import { describe, expect, it } from 'vitest';
import { compileSegment, compileSegments, maxGlobWildcards } from '../../../../main/drift/watch/glob-segment';

const match = (pattern: string, name: string) => compileSegment(pattern).test(name);

describe('glob segments', () => {
  it('matches *, ? and literal characters within one segment', () => {
    expect(match('part-?.csv', 'part-1.csv')).toBe(true);
    expect(match('part-?.csv', 'part-12.csv')).toBe(false);
    expect(match('*.csv', 'day.csv')).toBe(true);
    expect(match('*.csv', 'day.csv.gz')).toBe(false);
    expect(match('*', '')).toBe(true);
    expect(match('a*b*c', 'aXbYbZc')).toBe(true);
    expect(match('a*b*c', 'aXbYbZ')).toBe(false);
    expect(match('a.c', 'abc')).toBe(false);
    expect(match('(x)+', '(x)+')).toBe(true);
    expect(match('día-*.csv', 'día-1.csv')).toBe(true);
  });

  it('matches classes with ranges and ! or ^ negation, ] as a first member', () => {
    expect(match('2026-1[!2]-0[12]', '2026-11-01')).toBe(true);
    expect(match('2026-1[!2]-0[12]', '2026-12-01')).toBe(false);
    expect(match('[a-c]x', 'bx')).toBe(true);
    expect(match('[a-c]x', 'dx')).toBe(false);
    expect(match('[^a-c]x', 'dx')).toBe(true);
    expect(match('[]a]', ']')).toBe(true);
    expect(match('[a-]', '-')).toBe(true);
  });

  it('answers at once for patterns a backtracking matcher chokes on', () => {
    const name = 'a'.repeat(200);
    expect(match('*?*?*?*?*?*?*?*?*?*?z', name)).toBe(false);
    expect(match('*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b', name)).toBe(false);
    expect(match('*?*?*?*?*?*?*?*?*?*?a', name)).toBe(true);
  });

  it('refuses unclosed classes, backwards ranges and too many wildcards with a clear message', () => {
    expect(() => compileSegments('/d/[z-a].csv', ['[z-a].csv'])).toThrow('/d/[z-a].csv: the range z-a in [...] runs backwards');
    expect(() => compileSegments('/d/[ab.csv', ['[ab.csv'])).toThrow('/d/[ab.csv: the [ in [ab.csv is never closed with ]');
    expect(() => compileSegments('/d/[]', ['[]'])).toThrow(/never closed/);
    const many = '?'.repeat(maxGlobWildcards + 1);
    expect(() => compileSegments(`/d/${many}`, [many])).toThrow(`a glob may hold at most ${maxGlobWildcards} wildcards`);
    expect(compileSegments('/d/*/*', ['*', '?'.repeat(maxGlobWildcards - 1)])).toHaveLength(2);
  });
});
