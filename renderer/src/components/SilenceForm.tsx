import { useState } from 'react';
import { silenceMatches } from '../../../shared/alerts';
import { formatTime } from '../format';
import { useAlerts } from '../stores/alerts-store';

/** A silence by rule and resource (each exact, a glob like `gpu*`, or empty for any), previewed against the open alerts before it is saved. */
export function SilenceForm() {
  const open = useAlerts((s) => s.open);
  const silences = useAlerts((s) => s.silences);
  const addSilence = useAlerts((s) => s.addSilence);
  const [rule, setRule] = useState('');
  const [resource, setResource] = useState('');
  const [minutes, setMinutes] = useState('60');
  const [comment, setComment] = useState('');
  const [saved, setSaved] = useState<string | null>(null);

  const pattern = { rule: rule.trim() || null, resource: resource.trim() || null };
  const matched = open.filter((a) => silenceMatches(pattern, a));
  const duration = Number(minutes);
  const durationError = !Number.isFinite(duration) || duration <= 0 ? 'For (minutes): a number of minutes above 0' : duration > 525_600 ? 'For (minutes): at most a year (525600)' : null;

  const onSave = async () => {
    if (durationError) return;
    if (await addSilence({ ...pattern, minutes: duration, comment })) {
      setSaved(`Silenced ${matched.length} open alert${matched.length === 1 ? '' : 's'} for ${duration} min.`);
      setRule('');
      setResource('');
      setComment('');
    }
  };

  return (
    <section className="card" data-testid="silences">
      <h3>Silences</h3>
      <div className="form-row">
        <label className="field">
          <span>Rule</span>
          <input aria-label="Silence rule" placeholder="any rule, or e.g. disk, gpu*" value={rule} onChange={(e) => (setRule(e.target.value), setSaved(null))} />
        </label>
        <label className="field">
          <span>Resource</span>
          <input aria-label="Silence resource" placeholder="any resource, or e.g. /data, ranker-*" value={resource} onChange={(e) => (setResource(e.target.value), setSaved(null))} />
        </label>
        <label className="field">
          <span>For (minutes)</span>
          <input aria-label="Silence minutes" type="number" min={1} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
        </label>
        <label className="field">
          <span>Comment</span>
          <input aria-label="Silence comment" value={comment} onChange={(e) => setComment(e.target.value)} />
        </label>
      </div>
      <p className="footnote" data-testid="silence-preview">
        {pattern.rule === null && pattern.resource === null
          ? `Matches every alert (${matched.length} open now).`
          : `Matches ${matched.length} open alert${matched.length === 1 ? '' : 's'} now${matched.length ? `: ${matched.map((a) => a.summary).join('; ')}` : ''}.`}{' '}
        Exact names, or globs: <code>*</code> any characters, <code>?</code> one.
      </p>
      {durationError && <p className="footnote error">{durationError}</p>}
      <p className="footnote">
        <button type="button" disabled={durationError !== null} onClick={() => void onSave()}>
          Save silence
        </button>{' '}
        <span role="status">{saved}</span>
      </p>
      {silences.length > 0 && (
        <table className="results compact" data-testid="active-silences">
          <tbody>
            {silences.map((s) => (
              <tr key={s.id}>
                <td>{s.rule ?? 'any rule'}</td>
                <td>{s.resource ?? 'any resource'}</td>
                <td>until {formatTime(s.until)}</td>
                <td>{s.comment}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
