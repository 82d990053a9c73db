import { useState } from 'react';
import type { Config } from '../../../shared/config';
import { useConfig } from '../stores/config-store';

type Thresholds = Config['alerts']['thresholds'];
type Holds = Config['alerts']['forSeconds'];

/** Each threshold rule by the name and unit a person reads, and the hold time it shares (model rules fire at once). */
const rules: { key: keyof Thresholds; name: string; hold: keyof Holds | null }[] = [
  { key: 'cpuPercent', name: 'CPU usage %', hold: 'cpu' },
  { key: 'memoryPercent', name: 'Memory used %', hold: 'memory' },
  { key: 'diskPercent', name: 'Disk used %', hold: 'disk' },
  { key: 'gpuTemperatureC', name: 'GPU temperature °C', hold: 'gpu' },
  { key: 'modelLatencyMs', name: 'Model p95 latency ms', hold: null },
  { key: 'errorRatePercent', name: 'Model error rate %', hold: null },
];

type Draft = Record<string, string>;

function draftOf(alerts: Config['alerts']): Draft {
  const draft: Draft = { hysteresis: String(alerts.hysteresisPercent) };
  for (const r of rules) {
    draft[`${r.key}.warning`] = String(alerts.thresholds[r.key].warning);
    draft[`${r.key}.critical`] = String(alerts.thresholds[r.key].critical);
    if (r.hold) draft[`hold.${r.hold}`] = String(alerts.forSeconds[r.hold]);
  }
  return draft;
}

/** Reads the draft back, or says which field is wrong, by its name. */
function parse(draft: Draft): { patch: { thresholds: Partial<Thresholds>; forSeconds: Partial<Holds>; hysteresisPercent: number } } | { errors: string[] } {
  const errors: string[] = [];
  const number = (key: string, label: string, min: number | null) => {
    const text = draft[key]!.trim();
    const value = Number(text);
    if (text === '' || !Number.isFinite(value)) errors.push(`${label}: a number`);
    else if (min !== null && value < min) errors.push(`${label}: at least ${min}`);
    return value;
  };
  const thresholds: Partial<Thresholds> = {};
  const forSeconds: Partial<Holds> = {};
  for (const r of rules) {
    const warning = number(`${r.key}.warning`, `${r.name} warning`, null);
    const critical = number(`${r.key}.critical`, `${r.name} critical`, null);
    if (Number.isFinite(warning) && Number.isFinite(critical) && warning > critical) errors.push(`${r.name} warning: must not be above critical (${critical})`);
    thresholds[r.key] = { warning, critical };
    if (r.hold) forSeconds[r.hold] = number(`hold.${r.hold}`, `${r.name} hold time`, 0);
  }
  const hysteresisPercent = number('hysteresis', 'Hysteresis', 0);
  return errors.length ? { errors } : { patch: { thresholds, forSeconds, hysteresisPercent } };
}

/** The threshold rules as a form: warning and critical lines, hold time, hysteresis. */
export function RulesCard() {
  const config = useConfig((s) => s.config);
  const save = useConfig((s) => s.save);
  const update = useConfig((s) => s.update);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saved, setSaved] = useState(false);
  if (!config) return null;
  const current = draft ?? draftOf(config.alerts);
  const result = parse(current);
  const input = (key: string, label: string) => (
    <input
      aria-label={label}
      type="number"
      value={current[key]}
      onChange={(e) => {
        setDraft({ ...current, [key]: e.target.value });
        setSaved(false);
      }}
    />
  );
  const onSave = async () => {
    if (!('patch' in result)) return;
    await update({ alerts: result.patch });
    if (useConfig.getState().save.status === 'saved') {
      setDraft(null);
      setSaved(true);
    }
  };

  return (
    <section className="card" data-testid="rules">
      <h3>Rules</h3>
      <table className="results compact">
        <thead>
          <tr>
            <th>Rule</th>
            <th>Warning at</th>
            <th>Critical at</th>
            <th>Hold (seconds)</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((r) => (
            <tr key={r.key}>
              <td>{r.name}</td>
              <td>{input(`${r.key}.warning`, `${r.name} warning`)}</td>
              <td>{input(`${r.key}.critical`, `${r.name} critical`)}</td>
              <td>{r.hold ? input(`hold.${r.hold}`, `${r.name} hold time`) : <span className="detail">fires at once</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <label className="field">
        <span>Hysteresis: an alert clears only this many percent below its warning line</span>
        {input('hysteresis', 'Hysteresis')}
      </label>
      {'errors' in result && (
        <ul className="field-error" data-testid="rule-errors">
          {result.errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      <p className="footnote">
        <button type="button" disabled={draft === null || 'errors' in result || save.status === 'saving'} onClick={() => void onSave()}>
          Save rules
        </button>{' '}
        <span role="status">{saved ? 'Saved.' : save.status === 'error' && draft ? `Not saved: ${save.message}` : ''}</span>
      </p>
    </section>
  );
}
