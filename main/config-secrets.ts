import type { Config } from '../shared/config';
import { isPlainObject } from '../shared/deep-partial';
import { ConfigError } from './config';

/** Shown instead of a saved secret; sent back unchanged, it keeps the saved value. */
export const secretMask = '••••••••';

/**
 * The config as the UI and events see it: SMTP passwords, webhook URLs (which carry tokens),
 * header values, scrape tokens and credentials in scrape URLs replaced by the mask. Only main
 * ever holds the real values.
 */
export function redactSecrets(config: Config): Config {
  return {
    ...config,
    alerts: {
      ...config.alerts,
      channels: config.alerts.channels.map((c) => {
        if (c.type === 'email') return { ...c, ...(c.pass !== undefined && { pass: secretMask }) };
        if (c.type === 'webhook') {
          return { ...c, url: maskWebhookUrl(c.url), headers: Object.fromEntries(Object.keys(c.headers).map((k) => [k, secretMask])) };
        }
        return c;
      }),
    },
    monitor: {
      ...config.monitor,
      scrape: config.monitor.scrape.map((t) => ({ ...t, url: maskUrlCredentials(t.url), ...(t.bearerToken !== undefined && { bearerToken: secretMask }) })),
    },
  };
}

function maskWebhookUrl(url: string): string {
  return `${new URL(url).origin}/${secretMask}`;
}

/** `http://user:pass@host/x` → `http://••••••••@host/x`; a URL without credentials is unchanged. */
export function maskUrlCredentials(url: string): string {
  const parsed = new URL(url);
  if (!parsed.username && !parsed.password) return url;
  return `${parsed.protocol}//${secretMask}@${parsed.host}${parsed.pathname}${parsed.search}${parsed.hash}`;
}

/**
 * Puts the saved secrets back where a change sends the mask, but only to the same kind of channel
 * sending to the same place (webhook URL origin, SMTP host, scrape URL): a masked secret sent back
 * with a new destination would hand the saved secret to whoever runs that destination. Such a change
 * is refused, asking for the secret again.
 */
export function restoreSecrets(patch: unknown, saved: Config): unknown {
  if (!isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = { ...patch };
  const alerts = patch.alerts;
  if (isPlainObject(alerts) && Array.isArray(alerts.channels)) {
    out.alerts = { ...alerts, channels: alerts.channels.map((channel: unknown) => restoreChannel(channel, saved)) };
  }
  const monitor = patch.monitor;
  if (isPlainObject(monitor) && Array.isArray(monitor.scrape)) {
    out.monitor = { ...monitor, scrape: monitor.scrape.map((target: unknown) => restoreScrapeTarget(target, saved)) };
  }
  return out;
}

function restoreChannel(channel: unknown, saved: Config): unknown {
  if (!isPlainObject(channel)) return channel;
  const masked = channel.pass === secretMask || (typeof channel.url === 'string' && channel.url.includes(secretMask)) || (isPlainObject(channel.headers) && Object.values(channel.headers).includes(secretMask));
  if (!masked) return channel;
  const old = saved.alerts.channels.find((c) => c.name === channel.name);
  const again = (what: string) => new ConfigError(`channel ${String(channel.name)}: ${what}, so its saved secret is not reused; enter the secret again`);
  if (!old) throw again('there is no saved channel of that name');
  if (old.type !== channel.type) throw again(`its type changed from ${old.type} to ${String(channel.type)}`);
  const restored: Record<string, unknown> = { ...channel };
  if (old.type === 'email') {
    if (channel.host !== old.host) throw again(`its SMTP host changed from ${old.host} to ${String(channel.host)}`);
    if (channel.pass === secretMask) restored.pass = old.pass;
  }
  if (old.type === 'webhook') {
    if (typeof channel.url === 'string' && channel.url.includes(secretMask)) {
      if (channel.url !== maskWebhookUrl(old.url)) throw again('its webhook URL points somewhere new');
      restored.url = old.url;
    } else if (typeof channel.url !== 'string' || !sameOrigin(channel.url, old.url)) {
      throw again('its webhook URL points somewhere new');
    }
    if (isPlainObject(channel.headers)) {
      restored.headers = Object.fromEntries(Object.entries(channel.headers).map(([k, v]) => [k, v === secretMask ? old.headers[k] : v]));
      if (Object.values(restored.headers as object).includes(undefined)) throw again('a masked header has no saved value');
    }
  }
  return restored;
}

function restoreScrapeTarget(target: unknown, saved: Config): unknown {
  if (!isPlainObject(target)) return target;
  const maskedToken = target.bearerToken === secretMask;
  const maskedUrl = typeof target.url === 'string' && target.url.includes(secretMask);
  if (!maskedToken && !maskedUrl) return target;
  const again = (what: string) => new ConfigError(`scrape target ${String(target.model)}: ${what}, so its saved credentials are not reused; enter them again`);
  const old = saved.monitor.scrape.find((t) => t.model === target.model);
  if (!old) throw again('there is no saved target for that model');
  const restored: Record<string, unknown> = { ...target };
  if (maskedUrl) {
    if (target.url !== maskUrlCredentials(old.url)) throw again('its URL changed');
    restored.url = old.url;
  }
  if (maskedToken) {
    if (typeof restored.url !== 'string' || !sameOrigin(restored.url, old.url)) throw again('its URL points somewhere new');
    restored.bearerToken = old.bearerToken;
  }
  return restored;
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
