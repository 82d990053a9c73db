import { useState } from 'react';
import { AlertsConfig, type Config } from '../../../shared/config';
import { localOnlyNotice } from '../../../shared/local-only-settings';
import { transportKind } from '../api/transport-kind';
import { useConnection } from '../stores/connection-store';
import { useConfig } from '../stores/config-store';
import { fieldErrors } from './field-errors';

type Action = Config['alerts']['actions'][number];
const ActionSchema = AlertsConfig.shape.actions.unwrap().element;

const what: Record<Action['action'], string> = {
  log_critical: 'Write a CRITICAL line to the actions log',
  log_error: 'Write an ERROR line to the actions log',
  log_warning: 'Write a WARNING line to the actions log',
  notify_desktop: 'Show a desktop notification',
  escalate_to_admin: 'Escalate now to the escalation channels',
  attempt_recovery: 'Run a recovery command',
  restart_service: 'Restart a service (a command)',
  clear_cache: 'Empty a cache folder',
  trigger_backup: 'Start a backup',
  run_drift_check: 'Run a drift check',
  command: 'Run a command',
};
const runsProgram = (action: Action['action']) => action === 'command' || action === 'restart_service' || action === 'attempt_recovery';
/** What only the machine's own user may set (config.json or the desktop app): programs to run, datasets to read. */
const localOnly = (a: Pick<Action, 'action' | 'command' | 'reference' | 'current'>) =>
  runsProgram(a.action) || a.action === 'run_drift_check' || a.command !== undefined || a.reference !== undefined || a.current !== undefined;

/** The rules an action can watch, by name. */
const ruleNames: Record<string, string> = {
  cpu: 'CPU usage',
  memory: 'Memory used',
  disk: 'Disk used',
  'gpu-temperature': 'GPU temperature',
  'gpu-throttle': 'GPU throttling',
  'model-latency': 'Model p95 latency',
  'model-error-rate': 'Model error rate',
  'model-down': 'Model service down',
  'no-data': 'A system series stopped reporting',
  drift: 'Drift',
  backup: 'Backup failed',
  collector: 'A collector fails',
  channel: 'A channel fails',
};

const labels: Record<string, string> = { name: 'Name', action: 'What to do', when: 'Which alerts', command: 'Program and arguments', cooldownMinutes: 'Cooldown (minutes)', path: 'Folder', reference: 'Reference dataset', current: 'Current dataset' };

interface Draft {
  name: string;
  action: Action['action'];
  rule: string;
  minSeverity: Action['when']['minSeverity'];
  state: Action['when']['state'];
  cooldown: string;
  command: string;
  path: string;
  reference: string;
  current: string;
}

const emptyDraft: Draft = { name: '', action: 'log_warning', rule: '', minSeverity: 'WARNING', state: 'firing', cooldown: '10', command: '', path: '', reference: '', current: '' };

function actionOfDraft(d: Draft): Record<string, unknown> {
  const lines = d.command.split('\n').map((l) => l.trim()).filter(Boolean);
  return {
    name: d.name.trim() || undefined,
    action: d.action,
    when: { ...(d.rule && { rule: d.rule }), minSeverity: d.minSeverity, state: d.state },
    cooldownMinutes: d.cooldown.trim() === '' ? Number.NaN : Number(d.cooldown),
    ...(runsProgram(d.action) && { command: lines.length ? lines : undefined }),
    ...(d.action === 'clear_cache' && d.path.trim() && { path: d.path.trim() }),
    ...(d.action === 'run_drift_check' && { reference: d.reference.trim() || undefined, current: d.current.trim() || undefined }),
  };
}

/** Checks a draft as the config will; the messages name the field. */
function check(d: Draft, names: string[]): { action: Action | null; errors: Map<string, string> } {
  const parsed = ActionSchema.safeParse(actionOfDraft(d));
  const errors = parsed.success ? new Map<string, string>() : fieldErrors(parsed.error, labels);
  if (d.name.trim() && names.includes(d.name.trim())) errors.set('name', `Name: an action named ${d.name.trim()} already exists`);
  if (runsProgram(d.action) && !errors.has('command') && !d.command.trim()) errors.set('command', 'Program and arguments: required, one per line');
  if (d.action === 'run_drift_check') {
    if (!d.reference.trim()) errors.set('reference', 'Reference dataset: required');
    if (!d.current.trim()) errors.set('current', 'Current dataset: required');
  }
  return { action: parsed.success && errors.size === 0 ? parsed.data : null, errors };
}

/**
 * Automatic actions: which alerts, what to do, the cooldown. Commands run programs, so they are
 * edited only in the desktop app (or config.json); in a browser they are shown, not changed.
 */
export function ActionsCard() {
  const config = useConfig((s) => s.config);
  const save = useConfig((s) => s.save);
  const update = useConfig((s) => s.update);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [touched, setTouched] = useState(false);
  const configPath = useConnection((s) => s.info?.configPath) ?? 'config.json';
  if (!config) return null;
  const actions = config.alerts.actions;
  const programs = transportKind() === 'desktop';

  const saveActions = async (next: Action[]) => {
    await update({ alerts: { actions: next } });
    if (useConfig.getState().save.status === 'saved') {
      setDraft(null);
      setTouched(false);
    }
  };
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft({ ...(draft ?? emptyDraft), [key]: value });
    setTouched(true);
  };
  const checked = draft ? check(draft, actions.map((a) => a.name)) : null;
  const shown = touched && checked ? checked.errors : new Map<string, string>();
  const text = (key: 'name' | 'cooldown' | 'path' | 'reference' | 'current', label: string, hint?: string, readOnly = false) => (
    <label className="field">
      <span>{label}</span>
      <input aria-label={label} value={draft![key]} placeholder={hint} readOnly={readOnly} onChange={(e) => set(key, e.target.value)} />
      {readOnly && <span className="hint">set in config.json or the desktop app</span>}
      {shown.get(key === 'cooldown' ? 'cooldownMinutes' : key) && <span className="field-error">{shown.get(key === 'cooldown' ? 'cooldownMinutes' : key)}</span>}
    </label>
  );

  return (
    <section className="card" data-testid="actions">
      <h3>Automatic actions</h3>
      {actions.length === 0 ? (
        <p className="detail">No automatic action. Each runs once when an alert it watches fires (or resolves), never again for that alert.</p>
      ) : (
        <table className="results compact">
          <tbody>
            {actions.map((a) => (
              <tr key={a.name} data-action={a.name}>
                <td>{a.name}</td>
                <td>
                  {what[a.action]}
                  {a.command && (
                    <>
                      : <code>{a.command.join(' ')}</code>
                    </>
                  )}
                </td>
                <td>
                  {a.when.rule ? (ruleNames[a.when.rule] ?? a.when.rule) : 'any alert'}, from {a.when.minSeverity}, when it {a.when.state === 'firing' ? 'fires' : 'resolves'}
                </td>
                <td>cooldown {a.cooldownMinutes} min</td>
                <td>
                  <button type="button" className="secondary" disabled={!programs && localOnly(a)} onClick={() => confirm(`Remove the action ${a.name}?`) && void saveActions(actions.filter((other) => other.name !== a.name))}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!programs && <p className="footnote">Actions that run a program or read datasets: {localOnlyNotice(configPath)}</p>}
      {draft ? (
        <form
          data-testid="action-form"
          onSubmit={(e) => {
            e.preventDefault();
            setTouched(true);
            if (checked?.action) void saveActions([...actions, checked.action]);
          }}
        >
          <div className="form-row">
            {text('name', 'Name', 'e.g. free-disk')}
            <label className="field">
              <span>What to do</span>
              <select aria-label="What to do" value={draft.action} onChange={(e) => set('action', e.target.value as Action['action'])}>
                {(Object.keys(what) as Action['action'][]).map((a) => (
                  <option key={a} value={a}>
                    {what[a]}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Which alerts</span>
              <select aria-label="Which alerts" value={draft.rule} onChange={(e) => set('rule', e.target.value)}>
                <option value="">any alert</option>
                {Object.entries(ruleNames).map(([rule, name]) => (
                  <option key={rule} value={rule}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>From severity</span>
              <select aria-label="From severity" value={draft.minSeverity} onChange={(e) => set('minSeverity', e.target.value as Draft['minSeverity'])}>
                {(['INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const).map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>When the alert</span>
              <select aria-label="When the alert" value={draft.state} onChange={(e) => set('state', e.target.value as Draft['state'])}>
                <option value="firing">fires</option>
                <option value="resolved">resolves</option>
              </select>
            </label>
            {text('cooldown', 'Cooldown (minutes)')}
          </div>
          {runsProgram(draft.action) && (
            <label className="field">
              <span>Program and arguments, one per line (run without a shell)</span>
              <textarea aria-label="Program and arguments" rows={3} readOnly={!programs} value={draft.command} onChange={(e) => set('command', e.target.value)} />
              {programs ? shown.get('command') && <span className="field-error">{shown.get('command')}</span> : <span className="hint">set in config.json or the desktop app</span>}
            </label>
          )}
          {draft.action === 'clear_cache' && <div className="form-row">{text('path', 'Folder', 'inside alerts.cacheFolders; all of them when empty')}</div>}
          {draft.action === 'run_drift_check' && (
            <div className="form-row">
              {text('reference', 'Reference dataset', '/data/reference.parquet', !programs)}
              {text('current', 'Current dataset', '/data/today.parquet', !programs)}
            </div>
          )}
          {shown.get('when') && <p className="field-error">{shown.get('when')}</p>}
          <p className="footnote">
            <button type="submit" disabled={save.status === 'saving' || (touched && !checked?.action) || (!programs && (runsProgram(draft.action) || draft.action === 'run_drift_check'))}>
              Save action
            </button>{' '}
            <button type="button" className="secondary" onClick={() => (setDraft(null), setTouched(false))}>
              Cancel
            </button>
          </p>
        </form>
      ) : (
        <p className="footnote">
          <button type="button" onClick={() => setDraft(emptyDraft)}>
            Add an action
          </button>
        </p>
      )}
      {save.status === 'error' && draft && (
        <p className="field-error" role="alert">
          Not saved: {save.message}
        </p>
      )}
    </section>
  );
}
