import type { IngestRecord } from '../../shared/monitor';

const modelName = /^[\w.:/-]{1,100}$/;
const gaugeName = /^[A-Za-z_][\w]{0,99}$/;
const maxRecords = 10_000;
const maxLatencies = 100_000;
const maxLatencyMs = 3.6e6;

const isCount = (v: unknown) => v === undefined || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= 1e9);

function isLatencies(v: unknown): boolean {
  if (v === undefined) return true;
  if (!Array.isArray(v) || v.length > maxLatencies) return false;
  for (let i = 0; i < v.length; i++) {
    const ms: unknown = v[i];
    if (typeof ms !== 'number' || !(ms >= 0 && ms <= maxLatencyMs)) return false;
  }
  return true;
}

function isGauges(v: unknown): boolean {
  if (v === undefined) return true;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  for (const name of Object.keys(v)) {
    const value: unknown = (v as Record<string, unknown>)[name];
    if (name === '__proto__' || !gaugeName.test(name) || typeof value !== 'number' || !Number.isFinite(value)) return false;
  }
  return true;
}

function isRecord(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const r = v as Record<string, unknown>;
  for (const key of Object.keys(r)) {
    const value = r[key];
    switch (key) {
      case 'model':
        if (typeof value !== 'string' || !modelName.test(value)) return false;
        break;
      case 'predictions':
      case 'errors':
        if (!isCount(value)) return false;
        break;
      case 'latency_ms':
        if (!isLatencies(value)) return false;
        break;
      case 'gauges':
        if (!isGauges(value)) return false;
        break;
      case 'timestamp':
        if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) return false;
        break;
      case 'kind':
        if (value !== 'run' && value !== 'service') return false;
        break;
      case 'expectedIntervalSeconds':
        if (typeof value !== 'number' || !(value >= 1 && value <= 86_400)) return false;
        break;
      default:
        return false;
    }
  }
  return typeof r.model === 'string';
}

/**
 * The records of an ingest body that is certainly valid, checked in place; null for anything
 * else, which the schema (`IngestBatch`, `IngestRecord`) then parses for a precise error. The
 * schema's copy of every record and array is most of the cost of a request, and almost every
 * request is well formed. Never accepts what the schema refuses (tested side by side).
 */
export function wellFormedIngest(body: unknown): IngestRecord[] | null {
  const records = Array.isArray(body) ? body : [body];
  if (records.length === 0 || records.length > maxRecords) return null;
  for (const record of records) if (!isRecord(record)) return null;
  return records as IngestRecord[];
}
