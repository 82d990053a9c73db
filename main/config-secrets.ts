import type { Config } from '../shared/config';
import { isPlainObject } from '../shared/deep-partial';

/** Shown instead of a saved secret; sent back unchanged, it keeps the saved value. */
export const secretMask = '••••••••';

/**
 * The config as the UI and events see it: SMTP passwords, webhook URLs (which carry tokens),
 * header values and scrape tokens replaced by the mask. Only main ever holds the real values.
 */
export function redactSecrets(config: Config): Config {
  return {
    ...config,
    alerts: {
      ...config.alerts,
      channels: config.alerts.channels.map((c) => {
        if (c.type === 'email') return { ...c, ...(c.pass !== undefined && { pass: secretMask }) };
        if (c.type === 'webhook') {
          return { ...c, url: `${new URL(c.url).origin}/${secretMask}`, headers: Object.fromEntries(Object.keys(c.headers).map((k) => [k, secretMask])) };
        }
        return c;
      }),
    },
    monitor: { ...config.monitor, scrape: config.monitor.scrape.map((t) => ({ ...t, ...(t.bearerToken !== undefined && { bearerToken: secretMask }) })) },
  };
}

/** Puts the saved secrets back where a change sends the mask (a channel or target matched by name). */
export function restoreSecrets(patch: unknown, saved: Config): unknown {
  if (!isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = { ...patch };
  const alerts = patch.alerts;
  if (isPlainObject(alerts) && Array.isArray(alerts.channels)) {
    out.alerts = {
      ...alerts,
      channels: alerts.channels.map((channel: unknown) => {
        if (!isPlainObject(channel)) return channel;
        const old = saved.alerts.channels.find((c) => c.name === channel.name) as Record<string, unknown> | undefined;
        if (!old) return channel;
        const restored: Record<string, unknown> = { ...channel };
        if (channel.pass === secretMask) restored.pass = old.pass;
        if (typeof channel.url === 'string' && channel.url.endsWith(secretMask)) restored.url = old.url;
        if (isPlainObject(channel.headers) && isPlainObject(old.headers)) {
          restored.headers = Object.fromEntries(Object.entries(channel.headers).map(([k, v]) => [k, v === secretMask ? (old.headers as Record<string, unknown>)[k] : v]));
        }
        return restored;
      }),
    };
  }
  const monitor = patch.monitor;
  if (isPlainObject(monitor) && Array.isArray(monitor.scrape)) {
    out.monitor = {
      ...monitor,
      scrape: monitor.scrape.map((target: unknown) => {
        if (!isPlainObject(target) || target.bearerToken !== secretMask) return target;
        return { ...target, bearerToken: saved.monitor.scrape.find((t) => t.model === target.model)?.bearerToken };
      }),
    };
  }
  return out;
}
