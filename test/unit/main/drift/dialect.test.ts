import { describe, expect, it } from 'vitest';
import { describeDialect, sniffDialect } from '../../../../main/drift/load/dialect';

const sniff = (text: string, fallback: ',' | '\t' = ',') => sniffDialect(text, true, {}, fallback);

describe('sniffDialect', () => {
  it('prefers ; over the commas of decimal numbers, even without a header', () => {
    expect(sniff('1,5;2,25;3\n4,0;5,5;6\n7,1;8,8;9\n')).toEqual({ delimiter: ';', quote: '"', decimal: ',', header: false });
  });

  it('keeps , when semicolons only appear inside quoted text', () => {
    expect(sniff('id,note\n1,"a;b;c"\n2,"d;e"\n3,plain\n')).toEqual({ delimiter: ',', quote: '"', decimal: '.', header: true });
  });

  it('finds tabs and pipes, and single quotes around fields', () => {
    expect(sniff('a\tb\n1\t2\n').delimiter).toBe('\t');
    expect(sniff("'name'|'n'\n'x|y'|1\n'z'|2\n")).toMatchObject({ delimiter: '|', quote: "'" });
  });

  it('calls a first row of names above numbers a header, and a first row of numbers data', () => {
    expect(sniff('x,y\n1,2\n3,4\n').header).toBe(true);
    expect(sniff('1,2\n3,4\n5,6\n').header).toBe(false);
    // Text columns alone cannot tell: a first value repeated below is data, a new one a name.
    expect(sniff('city,plan\nparis,pro\nlyon,free\n').header).toBe(true);
    expect(sniff('paris,pro\nlyon,pro\nparis,free\n').header).toBe(false);
  });

  it('uses the fallback for a single column, and what it is given over what it detects', () => {
    expect(sniff('value\n1\n2\n', '\t').delimiter).toBe('\t');
    expect(sniffDialect('a;b\n1,5;2\n', true, { delimiter: ',', decimal: '.', header: false, quote: "'" }, ',')).toEqual({
      delimiter: ',',
      quote: "'",
      decimal: '.',
      header: false,
    });
  });

  it('says what it found in words', () => {
    expect(describeDialect({ delimiter: '\t', quote: '"', decimal: ',', header: false })).toBe('tab between fields, double quotes, decimal comma, no header row');
  });
});
