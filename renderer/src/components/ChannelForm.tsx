import { useState } from 'react';
import { Channel } from '../../../shared/config';
import { fieldErrors } from './field-errors';

/** The kinds a person picks from; Slack and Discord are webhooks with their own body format. */
export const channelKinds = { email: 'Email', slack: 'Slack', discord: 'Discord', webhook: 'Webhook (JSON, Alertmanager-shaped)', alertmanager: 'Prometheus Alertmanager', desktop: 'Desktop notification', log: 'Log file' } as const;
export type ChannelKind = keyof typeof channelKinds;

export interface ChannelDraft {
  kind: ChannelKind;
  name: string;
  minSeverity: Channel['minSeverity'];
  escalation: boolean;
  sendResolved: boolean;
  host: string;
  port: string;
  secure: boolean;
  user: string;
  pass: string;
  from: string;
  to: string;
  url: string;
}

const labels: Record<string, string> = {
  name: 'Name',
  minSeverity: 'Lowest severity',
  host: 'SMTP host',
  port: 'Port',
  secure: 'TLS',
  user: 'User',
  pass: 'Password',
  from: 'From',
  to: 'To',
  url: 'URL',
};

export function emptyChannelDraft(kind: ChannelKind = 'email', escalation = false): ChannelDraft {
  return { kind, name: '', minSeverity: kind === 'desktop' ? 'CRITICAL' : kind === 'log' ? 'INFO' : 'WARNING', escalation, sendResolved: kind !== 'desktop', host: '', port: '587', secure: false, user: '', pass: '', from: '', to: '', url: '' };
}

export function draftOfChannel(c: Channel): ChannelDraft {
  const base = { ...emptyChannelDraft(), name: c.name, minSeverity: c.minSeverity, escalation: c.escalation, sendResolved: c.sendResolved };
  switch (c.type) {
    case 'email':
      return { ...base, kind: 'email', host: c.host, port: String(c.port), secure: c.secure, user: c.user ?? '', pass: c.pass ?? '', from: c.from, to: c.to.join(', ') };
    case 'webhook':
      return { ...base, kind: c.format === 'generic' ? 'webhook' : c.format, url: c.url };
    case 'alertmanager':
      return { ...base, kind: 'alertmanager', url: c.url };
    case 'desktop':
      return { ...base, kind: 'desktop' };
    default:
      return { ...base, kind: 'log' };
  }
}

/** An empty input is a missing value, so its message is "required" rather than a pattern's. */
const given = (text: string) => text.trim() || undefined;

/** The config entry a draft stands for, before validation. `keep` carries fields the form does not show (webhook headers, log size). */
function channelOfDraft(d: ChannelDraft, keep: Partial<Channel> | null): Record<string, unknown> {
  const base = { name: given(d.name), minSeverity: d.minSeverity, escalation: d.escalation, sendResolved: d.sendResolved };
  switch (d.kind) {
    case 'email':
      return {
        ...base,
        type: 'email',
        host: given(d.host),
        port: d.port.trim() === '' ? Number.NaN : Number(d.port),
        secure: d.secure,
        ...(d.user.trim() && { user: d.user.trim() }),
        ...(d.pass && { pass: d.pass }),
        from: given(d.from),
        to: d.to.split(',').map((a) => a.trim()).filter(Boolean),
      };
    case 'slack':
    case 'discord':
    case 'webhook':
      return { ...base, type: 'webhook', url: given(d.url), format: d.kind === 'webhook' ? 'generic' : d.kind, ...(keep?.type === 'webhook' && { headers: keep.headers }) };
    case 'alertmanager':
      return { ...base, type: 'alertmanager', url: given(d.url) };
    case 'desktop':
      return { ...base, type: 'desktop' };
    case 'log':
      return { ...base, type: 'log', ...(keep?.type === 'log' && { maxBytes: keep.maxBytes }) };
  }
}

/**
 * A channel in a form: the fields its kind needs, checked against the config schema as you type,
 * each message naming its field. `onSave` gets a valid channel.
 */
export function ChannelForm(props: { initial: ChannelDraft; editing: Channel | null; names: string[]; saving: boolean; onSave: (channel: Channel) => void; onCancel: () => void }) {
  const [draft, setDraft] = useState(props.initial);
  const [touched, setTouched] = useState(false);
  const set = <K extends keyof ChannelDraft>(key: K, value: ChannelDraft[K]) => {
    setDraft({ ...draft, [key]: value });
    setTouched(true);
  };
  const parsed = Channel.safeParse(channelOfDraft(draft, props.editing));
  const errors = parsed.success ? new Map<string, string>() : fieldErrors(parsed.error, labels);
  if (draft.name.trim() && props.names.includes(draft.name.trim()) && draft.name.trim() !== props.editing?.name) errors.set('name', `Name: a channel named ${draft.name.trim()} already exists`);
  const shown = touched ? errors : new Map<string, string>();

  const text = (key: 'name' | 'host' | 'port' | 'user' | 'pass' | 'from' | 'to' | 'url', label: string, hint?: string, type = 'text') => (
    <label className="field">
      <span>{label}</span>
      <input aria-label={label} type={type} value={draft[key]} placeholder={hint} onChange={(e) => set(key, e.target.value)} />
      {shown.get(key) && <span className="field-error">{shown.get(key)}</span>}
    </label>
  );
  const check = (key: 'secure' | 'escalation' | 'sendResolved', label: string) => (
    <label className="field boolean">
      <span>{label}</span>
      <input type="checkbox" aria-label={label} checked={draft[key]} onChange={(e) => set(key, e.target.checked)} />
    </label>
  );

  return (
    <form
      className="card"
      data-testid="channel-form"
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (parsed.success && errors.size === 0) props.onSave(parsed.data);
      }}
    >
      <h3>{props.editing ? `Edit channel ${props.editing.name}` : 'New channel'}</h3>
      <div className="form-row">
        <label className="field">
          <span>Kind</span>
          <select aria-label="Kind" value={draft.kind} disabled={props.editing !== null} onChange={(e) => setDraft({ ...emptyChannelDraft(e.target.value as ChannelKind, draft.escalation), name: draft.name })}>
            {Object.entries(channelKinds).map(([kind, label]) => (
              <option key={kind} value={kind}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {text('name', 'Name', 'e.g. team-slack')}
        <label className="field">
          <span>Lowest severity</span>
          <select aria-label="Lowest severity" value={draft.minSeverity} onChange={(e) => set('minSeverity', e.target.value as ChannelDraft['minSeverity'])}>
            {(['INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const).map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
      </div>
      {draft.kind === 'email' && (
        <div className="form-row">
          {text('host', 'SMTP host', 'smtp.example.org')}
          {text('port', 'Port', '587', 'number')}
          {check('secure', 'TLS from the start (port 465)')}
          {text('user', 'User', 'optional')}
          {text('pass', 'Password', 'optional', 'password')}
          {text('from', 'From', 'vigil@your-box')}
          {text('to', 'To', 'you@example.org, lead@example.org')}
        </div>
      )}
      {(draft.kind === 'slack' || draft.kind === 'discord' || draft.kind === 'webhook') && (
        <div className="form-row">{text('url', 'URL', draft.kind === 'slack' ? 'the incoming webhook URL Slack gave you' : draft.kind === 'discord' ? 'the webhook URL from the Discord channel settings' : 'https://…')}</div>
      )}
      {draft.kind === 'alertmanager' && <div className="form-row">{text('url', 'URL', 'http://127.0.0.1:9093')}</div>}
      <div className="form-row">
        {check('escalation', 'Receives escalations (unacknowledged CRITICAL)')}
        {check('sendResolved', 'Send a notice when an alert resolves')}
      </div>
      {shown.get('') && <p className="field-error">{shown.get('')}</p>}
      <p className="footnote">
        <button type="submit" disabled={props.saving || (touched && errors.size > 0)}>
          Save channel
        </button>{' '}
        <button type="button" className="secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </p>
    </form>
  );
}
