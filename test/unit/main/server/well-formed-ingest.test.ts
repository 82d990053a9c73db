import { describe, expect, it } from 'vitest';
import { IngestBatch, IngestRecord } from '../../../../shared/monitor';
import { wellFormedIngest } from '../../../../main/server/well-formed-ingest';
import { seededRandom, type SeededRandom } from '../../../helpers/seeded-random';

/** What the schema makes of a body, as the route asks it: records, or null when refused. */
function schemaRecords(body: unknown): unknown[] | null {
  const parsed = Array.isArray(body) ? IngestBatch.safeParse(body) : IngestRecord.safeParse(body);
  return parsed.success ? (Array.isArray(parsed.data) ? parsed.data : [parsed.data]) : null;
}

const awkward: unknown[] = [
  null, undefined, true, 'x', '', -1, 0, 0.5, 1.5, 1e9, 1e9 + 1, 2 ** 53, -0, 3.6e6, 3.6e6 + 1, 86_400, 86_401,
  Infinity, -Infinity, NaN, 1e400, [], {}, [1, 2], 'run', 'service', 'batch', { a: 1 },
];

function validRecord(r: SeededRandom): Record<string, unknown> {
  const record: Record<string, unknown> = { model: r.pick(['ranker', 'm.v2:prod/eu-1', 'a'.repeat(100), 'model-0001']) };
  if (r.next() < 0.7) record.predictions = r.int(1000);
  if (r.next() < 0.5) record.errors = r.int(5);
  if (r.next() < 0.8) record.latency_ms = Array.from({ length: r.int(60) }, () => Math.round(r.next() * 5000) / 100);
  if (r.next() < 0.5) record.gauges = { queue_depth: r.int(10), _loss: r.next(), ['g'.repeat(r.int(3) + 1)]: -r.next() };
  if (r.next() < 0.3) record.timestamp = r.pick([Date.UTC(2026, 10, 30), 1_795_000_000, 0.001]);
  if (r.next() < 0.3) record.kind = r.pick(['run', 'service']);
  if (r.next() < 0.3) record.expectedIntervalSeconds = r.pick([1, 30, 86_400]);
  return record;
}

/** One change that may or may not make the record invalid. */
function mutate(r: SeededRandom, record: Record<string, unknown>): void {
  const field = r.pick(['model', 'predictions', 'errors', 'latency_ms', 'gauges', 'timestamp', 'kind', 'expectedIntervalSeconds', 'extra', 'constructor']);
  const roll = r.next();
  if (field === 'latency_ms' && roll < 0.5) record.latency_ms = [1, 2, r.pick(awkward), 4];
  else if (field === 'gauges' && roll < 0.5) record.gauges = r.pick([{ [r.pick(['ok_name', '9lives', 'has space', 'a-b', '__proto__', 'x'.repeat(101), ''])]: r.pick(awkward) }, JSON.parse('{"__proto__": 1}')]);
  else if (field === 'model' && roll < 0.5) record.model = r.pick(['', 'a'.repeat(101), 'has space', 'ü', 'ok.model', 42]);
  else if (roll < 0.9) record[field] = r.pick(awkward);
  else delete record[field];
}

describe('wellFormedIngest', () => {
  it('accepts the bodies clients send, as they are', () => {
    const body = [{ model: 'ranker', predictions: 3, errors: 0, latency_ms: [12.5, 0, 3_600_000], gauges: { queue_depth: 4 }, kind: 'service', expectedIntervalSeconds: 15 }];
    expect(wellFormedIngest(body)).toBe(body);
    expect(wellFormedIngest({ model: 'trainer', gauges: { loss: 0.25 } })).toEqual([{ model: 'trainer', gauges: { loss: 0.25 } }]);
  });

  it('never accepts what the schema refuses, and agrees with it on what it accepts (10 000 seeded bodies)', () => {
    const r = seededRandom(20261130);
    let fast = 0;
    let refused = 0;
    for (let i = 0; i < 10_000; i++) {
      const records = Array.from({ length: r.int(3) + 1 }, () => validRecord(r));
      for (let m = r.int(3); m > 0; m--) mutate(r, r.pick(records));
      // Not through JSON text: values it cannot carry (Infinity, NaN, undefined) are checked too.
      const single = r.next() < 0.3 ? records[0] : records;
      const accepted = wellFormedIngest(single);
      const expected = schemaRecords(single);
      if (accepted) {
        fast++;
        expect(expected, JSON.stringify(single)).not.toBeNull();
        expect(accepted).toEqual(expected);
      } else if (!expected) refused++;
    }
    // Most bodies take the fast path; the rest are left to the schema for its message.
    expect(fast).toBeGreaterThan(2500);
    expect(refused).toBeGreaterThan(2500);
  });

  it('leaves empty, oversized and non-object bodies to the schema', () => {
    expect(wellFormedIngest([])).toBeNull();
    expect(wellFormedIngest(Array.from({ length: 10_001 }, () => ({ model: 'm' })))).toBeNull();
    expect(wellFormedIngest({ model: 'm', latency_ms: new Array(100_001).fill(1) })).toBeNull();
    for (const body of [null, 'text', 42, [null], [[{ model: 'm' }]], { predictions: 1 }]) expect(wellFormedIngest(body)).toBeNull();
  });
});
