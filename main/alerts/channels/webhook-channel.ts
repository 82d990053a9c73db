import type { Notice } from '../notice';
import { noticeTitle } from '../notice';
import type { Deliver } from './channel';

export interface WebhookOptions {
  url: string;
  format: 'generic' | 'slack' | 'discord';
  headers: Record<string, string>;
  timeoutMs: number;
}

/** A JSON body shaped like Prometheus Alertmanager's webhook payload. */
export function alertmanagerStyleBody(notices: Notice[]) {
  const firing = notices.some((n) => n.kind !== 'resolved');
  return {
    version: '4',
    status: firing ? 'firing' : 'resolved',
    receiver: 'vigil',
    groupKey: notices.map((n) => n.key).join(','),
    alerts: notices.map((n) => ({
      status: n.kind === 'resolved' ? 'resolved' : 'firing',
      labels: { alertname: n.alert.rule, severity: n.alert.severity.toLowerCase(), ...(n.alert.resource ? { resource: n.alert.resource } : {}), ...(n.kind === 'escalation' ? { escalated: 'true' } : {}) },
      annotations: { summary: n.alert.summary, ...(n.kind === 'test' ? { description: 'A test notification from Vigil' } : {}) },
      startsAt: new Date(n.alert.firedAt ?? n.alert.startedAt).toISOString(),
      endsAt: n.alert.resolvedAt ? new Date(n.alert.resolvedAt).toISOString() : '0001-01-01T00:00:00Z',
      fingerprint: n.alert.identity,
    })),
  };
}

function body(format: WebhookOptions['format'], notices: Notice[]): unknown {
  const text = notices.map(noticeTitle).join('\n');
  if (format === 'slack') return { text };
  if (format === 'discord') return { content: text.slice(0, 2000) };
  return alertmanagerStyleBody(notices);
}

/** POSTs the batch; any answer but 2xx, or no answer in time, is a failure to retry. */
export function webhookChannel(options: WebhookOptions): Deliver {
  return async (notices) => {
    const response = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': notices.map((n) => n.key).join(','), ...options.headers },
      body: JSON.stringify(body(options.format, notices)),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status} from the webhook`);
  };
}
