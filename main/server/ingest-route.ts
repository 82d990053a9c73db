import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { IngestBatch, IngestRecord } from '../../shared/monitor';
import { wellFormedIngest } from './well-formed-ingest';
import { IngestRefused } from '../monitor/model-metrics';
import type { Monitor } from '../monitor/monitor';
import { BodyError, isJsonRequest, readJsonBody } from './json-body';

export const maxIngestBytes = 1024 * 1024;

/**
 * `POST /api/v1/ingest`: model metrics from training or serving code, one record or an array.
 * Anything invalid is refused whole with the reason, and nothing of it is kept.
 */
export async function handleIngest(monitor: Monitor, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const reply = (status: number, body: object) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (req.method !== 'POST') return reply(405, { error: 'use POST' });
  if (!isJsonRequest(req)) return reply(415, { error: 'send the metrics as Content-Type: application/json' });
  let body: unknown;
  try {
    body = await readJsonBody(req, maxIngestBytes);
  } catch (error) {
    if (error instanceof BodyError) return reply(error.status, { error: error.message });
    throw error;
  }
  let records = wellFormedIngest(body);
  if (!records) {
    // One schema per shape, so the error names the field rather than "matches neither".
    const parsed = Array.isArray(body) ? IngestBatch.safeParse(body) : IngestRecord.safeParse(body);
    if (!parsed.success) return reply(400, { error: `invalid ingest body: ${z.prettifyError(parsed.error)}` });
    records = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
  }
  try {
    monitor.ingest(records);
  } catch (error) {
    if (error instanceof IngestRefused) return reply(422, { error: error.message });
    throw error;
  }
  reply(202, { accepted: records.length });
}
