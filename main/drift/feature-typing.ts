import type { FeatureKind, SkippedColumn } from '../../shared/drift';
import { columnRole } from './column-roles';
import { parseNumber } from './load/column-builder';
import { sharedFloat64, sharedInt32 } from './load/shared-arrays';
import { DatasetError, type Column, type Table } from './load/table';
import type { FeatureTask } from './feature-task';

export interface TypingOptions {
  categorical?: string[];
  numerical?: string[];
  timestamp?: string;
}

export interface TypedFeatures {
  features: FeatureTask[];
  /** Shared columns not tested: identifiers, times and constants that no override names. */
  skipped: SkippedColumn[];
  /** Epoch milliseconds per row (NaN where missing), when a timestamp column was named. */
  referenceTimes?: Float64Array;
  currentTimes?: Float64Array;
}

/** A numeric column with at most this many distinct values across both sides is categorical. */
export const maxDistinctForCategorical = 5;

/**
 * Pairs the columns of both files and decides each feature's kind: strings and booleans are
 * categorical, numbers numerical unless they take at most five distinct values; overrides win.
 * Identifiers, time columns and constants are set aside unless an override names them.
 */
export function typeFeatures(reference: Table, current: Table, options: TypingOptions = {}): TypedFeatures {
  const refColumns = new Map(reference.columns.map((c) => [c.name, c]));
  const curColumns = new Map(current.columns.map((c) => [c.name, c]));
  const categorical = new Set(options.categorical ?? []);
  const numerical = new Set(options.numerical ?? []);
  for (const name of categorical) {
    if (numerical.has(name)) throw new DatasetError(`column "${name}" cannot be both categorical and numerical`);
  }
  for (const name of [...categorical, ...numerical, ...(options.timestamp ? [options.timestamp] : [])]) {
    if (!refColumns.has(name) && !curColumns.has(name)) throw new DatasetError(`no column "${name}" in ${reference.source} or ${current.source}`);
  }
  for (const [name] of refColumns) {
    if (name !== options.timestamp && !curColumns.has(name)) {
      throw new DatasetError(`column "${name}" is in ${reference.source} but not in ${current.source}`);
    }
  }
  for (const [name] of curColumns) {
    if (name !== options.timestamp && !refColumns.has(name)) {
      throw new DatasetError(`column "${name}" is in ${current.source} but not in ${reference.source}`);
    }
  }

  const features: FeatureTask[] = [];
  const skipped: SkippedColumn[] = [];
  for (const column of reference.columns) {
    if (column.name === options.timestamp) {
      skipped.push({ name: column.name, role: 'timestamp', reason: 'the time column: it sets the windows and is not tested' });
      continue;
    }
    const other = curColumns.get(column.name)!;
    const asked = categorical.has(column.name) || numerical.has(column.name);
    const role = asked ? null : columnRole(column, other);
    if (role) {
      skipped.push({ name: column.name, role, reason: skipReason(role, column) });
      continue;
    }
    const kind = categorical.has(column.name)
      ? 'categorical'
      : numerical.has(column.name)
        ? 'numerical'
        : inferKind(column, other);
    features.push(kind === 'numerical' ? numericalTask(column, other, reference, current) : categoricalTask(column, other));
  }

  if (!options.timestamp) return { features, skipped };
  const currentTimeColumn = curColumns.get(options.timestamp);
  if (!currentTimeColumn) throw new DatasetError(`${current.source} has no timestamp column "${options.timestamp}"`);
  const referenceTimeColumn = refColumns.get(options.timestamp);
  return {
    features,
    skipped,
    currentTimes: epochMilliseconds(currentTimeColumn, current.source),
    referenceTimes: referenceTimeColumn ? epochMilliseconds(referenceTimeColumn, reference.source) : undefined,
  };
}

/** The kind each shared column would get without overrides (for the Drift page's typing table). */
export function inferKind(a: Column, b: Column): FeatureKind {
  if (a.kind === 'categorical' || b.kind === 'categorical') return 'categorical';
  const distinct = new Set<number>();
  for (const values of [a.values, b.values]) {
    for (const v of values) {
      if (Number.isNaN(v)) continue;
      distinct.add(v);
      if (distinct.size > maxDistinctForCategorical) return 'numerical';
    }
  }
  return 'categorical';
}

function numericalTask(a: Column, b: Column, reference: Table, current: Table): FeatureTask {
  return { kind: 'numerical', name: a.name, reference: asNumbers(a, reference.source), current: asNumbers(b, current.source) };
}

function asNumbers(column: Column, source: string): Float64Array {
  if (column.kind === 'numeric') return column.values;
  const parsed = column.dictionary.map((text) => {
    const value = parseNumber(text);
    if (value === null) throw new DatasetError(`${source}: column "${column.name}" holds "${text}", which is not a number`);
    return value;
  });
  return decoded(column.codes, parsed, sharedFloat64(column.codes.length), NaN);
}

function categoricalTask(a: Column, b: Column): FeatureTask {
  const categories: string[] = [];
  const index = new Map<string, number>();
  const recode = (column: Column): Int32Array => {
    const codeOf = (text: string) => {
      let code = index.get(text);
      if (code === undefined) {
        code = categories.length;
        categories.push(text);
        index.set(text, code);
      }
      return code;
    };
    if (column.kind === 'categorical') {
      const map = column.dictionary.map(codeOf);
      return decoded(column.codes, map, sharedInt32(column.codes.length), -1);
    }
    const codes = sharedInt32(column.values.length);
    for (let i = 0; i < codes.length; i++) {
      const v = column.values[i]!;
      codes[i] = Number.isNaN(v) ? -1 : codeOf(String(v));
    }
    return codes;
  };
  return { kind: 'categorical', name: a.name, categories, reference: recode(a), current: recode(b) };
}

/** Epoch seconds or milliseconds (by magnitude), or ISO-8601 text, as epoch milliseconds. */
export function epochMilliseconds(column: Column, source: string): Float64Array {
  if (column.kind === 'numeric') {
    const times = sharedFloat64(column.values.length);
    for (let i = 0; i < times.length; i++) {
      const v = column.values[i]!;
      times[i] = Math.abs(v) >= 1e11 ? v : v * 1000; // NaN stays NaN
    }
    return times;
  }
  const parsed = column.dictionary.map((text) => {
    const value = /^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : Date.parse(text);
    if (Number.isNaN(value)) throw new DatasetError(`${source}: timestamp column "${column.name}" holds "${text}", which is not an ISO-8601 time or epoch number`);
    return value;
  });
  return decoded(column.codes, parsed, new Float64Array(column.codes.length), NaN);
}

/** out[i] = table[codes[i]], or `missing` where the code is −1. A plain loop: TypedArray.from with a mapper is several times slower. */
function decoded<T extends Float64Array | Int32Array>(codes: Int32Array, table: readonly number[], out: T, missing: number): T {
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    out[i] = code < 0 ? missing : table[code]!;
  }
  return out;
}

function skipReason(role: SkippedColumn['role'], column: Column): string {
  const override = 'set its kind to test it';
  switch (role) {
    case 'identifier':
      return `every row has its own value, as in an identifier; ${override}`;
    case 'timestamp':
      return `holds times; choose it as the time column to compare by period, or ${override}`;
    case 'constant':
      return column.missing === (column.kind === 'numeric' ? column.values.length : column.codes.length)
        ? 'holds no values on either side'
        : `holds one and the same value on both sides; ${override}`;
  }
}
