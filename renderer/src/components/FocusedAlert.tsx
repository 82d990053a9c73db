import { useEffect, useState } from 'react';
import { formatTime } from '../format';
import { useAlerts } from '../stores/alerts-store';
import { SeverityBadge } from './SeverityBadge';

/** The alert a link or a notification pointed at (`#/alerts?alert=ID`), above the page's lists. */
export function FocusedAlert({ id }: { id: number }) {
  const open = useAlerts((s) => s.open.find((a) => a.id === id));
  const past = useAlerts((s) => s.history.find((h) => h.alert.id === id));
  const [loadedFor, setLoadedFor] = useState<number | null>(null);
  useEffect(() => {
    void useAlerts
      .getState()
      .load()
      .finally(() => setLoadedFor(id));
  }, [id]);
  const loaded = loadedFor === id;
  const alert = open ?? past?.alert;
  useEffect(() => {
    if (open) document.querySelector(`[data-alert="${id}"]`)?.scrollIntoView({ block: 'center' });
  }, [open, id]);

  if (!alert) {
    return (
      <section className="card" data-testid="focused-alert">
        <p className="detail">{loaded ? `Alert #${id} is neither open nor among the last 50 in the history.` : `Loading alert #${id}…`}</p>
      </section>
    );
  }
  return (
    <section className="card focused" data-testid="focused-alert" aria-label={`Alert #${id}`}>
      <h3>
        <SeverityBadge severity={alert.severity} /> {alert.summary}
      </h3>
      <p className="detail">
        #{alert.id}, {alert.state}
        {alert.acknowledgedAt ? ', acknowledged' : ''}, since {formatTime(alert.firedAt ?? alert.startedAt)}
        {open ? ' (highlighted in Open alerts below)' : ''}
      </p>
      {past && (
        <ol className="timeline">
          {past.transitions.map((t, i) => (
            <li key={i}>
              <span className="detail">{formatTime(t.at)}</span> {t.from ?? 'new'} → {t.to} <span className="detail">({t.reason})</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
