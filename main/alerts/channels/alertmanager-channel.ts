import type { Deliver } from './channel';

/** Posts to a Prometheus Alertmanager's /api/v2/alerts (it expects firing alerts re-sent while they last). */
export function alertmanagerChannel(baseUrl: string, timeoutMs: number): Deliver {
  const url = new URL('/api/v2/alerts', baseUrl).href;
  return async (notices) => {
    const alerts = notices.map((n) => ({
      labels: { alertname: n.alert.rule, severity: n.alert.severity.toLowerCase(), instance: 'vigil', ...(n.alert.resource ? { resource: n.alert.resource } : {}) },
      annotations: { summary: n.alert.summary },
      startsAt: new Date(n.alert.firedAt ?? n.alert.startedAt).toISOString(),
      ...(n.alert.resolvedAt ? { endsAt: new Date(n.alert.resolvedAt).toISOString() } : {}),
    }));
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts), signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`HTTP ${response.status} from Alertmanager`);
  };
}
