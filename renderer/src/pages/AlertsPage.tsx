import { useEffect, useState } from 'react';
import { FocusedAlert } from '../components/FocusedAlert';
import { emptyChannelDraft } from '../components/ChannelForm';
import { ActionsCard } from '../components/ActionsCard';
import { ChannelsCard, type ChannelFormState } from '../components/ChannelsCard';
import { RulesCard } from '../components/RulesCard';
import { SeverityBadge } from '../components/SeverityBadge';
import { SilenceForm } from '../components/SilenceForm';
import { formatTime } from '../format';
import { useAlerts } from '../stores/alerts-store';
import { useConfig } from '../stores/config-store';
import { useNavigation } from '../stores/navigation-store';
import { idParam } from '../route';

export function AlertsPage() {
  const { open, history, notifications, actions, error, acknowledge, silence, removeModel } = useAlerts();
  const config = useConfig((s) => s.config);
  const [channelForm, setChannelForm] = useState<ChannelFormState | null>(null);
  const noEscalation = config !== null && !config.alerts.channels.some((c) => c.escalation);
  const focus = idParam(useNavigation((s) => s.params), 'alert');
  useEffect(() => void useAlerts.getState().load(), []);
  const canNotify = typeof Notification !== 'undefined' && Notification.permission === 'default' && !('vigil' in globalThis);

  return (
    <div className="page alerts">
      {error && (
        <div className="card error" role="alert">
          {error}
        </div>
      )}
      {noEscalation && (
        <section className="card notice" data-testid="no-escalation">
          <strong>No escalation channel.</strong> An unacknowledged CRITICAL alert is escalated after {config.alerts.escalation.criticalAfterMinutes} minutes, but no
          channel takes escalations, so it{' '}
          {config.alerts.channels.some((c) => c.type === 'desktop') ? 'only shows on this desktop again' : 'reaches nobody (there is no desktop channel either)'}. Add one that reaches a person away from this screen (email, Slack).{' '}
          <button
            type="button"
            onClick={() => {
              setChannelForm({ initial: emptyChannelDraft('email', true), editing: null });
              requestAnimationFrame(() => document.querySelector('[data-testid="channel-form"]')?.scrollIntoView());
            }}
          >
            Add an escalation channel
          </button>
        </section>
      )}
      {focus !== null && <FocusedAlert id={focus} />}
      <section className="card" data-testid="open-alerts">
        <h3>Open alerts</h3>
        {open.length === 0 ? (
          <p className="detail">No open alerts.</p>
        ) : (
          <table className="results">
            <tbody>
              {open.map((a) => (
                <tr key={a.id} data-alert={a.id} className={a.id === focus ? 'selected' : undefined} aria-current={a.id === focus ? 'true' : undefined}>
                  <td>
                    <SeverityBadge severity={a.severity} />
                  </td>
                  <td>
                    {a.summary}
                    {(actions[a.id] ?? []).map((run) => (
                      <details key={`${run.action}-${run.at}`} className={run.ok ? 'detail' : 'detail error'}>
                        <summary>
                          action {run.action}: {run.ok ? 'done' : 'failed'}
                        </summary>
                        <pre>{run.output}</pre>
                      </details>
                    ))}
                  </td>
                  <td>{a.state}</td>
                  <td>since {formatTime(a.firedAt ?? a.startedAt)}</td>
                  <td>
                    {a.acknowledgedAt ? (
                      <span className="detail">acknowledged</span>
                    ) : (
                      <button type="button" onClick={() => void acknowledge(a.id)}>
                        Acknowledge
                      </button>
                    )}{' '}
                    <button type="button" className="secondary" onClick={() => void silence(a, 60)}>
                      Silence 1 h
                    </button>
                    {a.rule === 'model-down' && a.resource !== null && (
                      <>
                        {' '}
                        <button type="button" className="secondary" onClick={() => void removeModel(a.resource!)}>
                          Remove model
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {canNotify && (
          <p className="detail">
            <button type="button" className="secondary" onClick={() => void Notification.requestPermission()}>
              Show critical alerts as browser notifications
            </button>
          </p>
        )}
      </section>

      <SilenceForm />

      <section className="card" data-testid="alert-timeline">
        <h3>History</h3>
        <ol className="timeline">
          {history.flatMap(({ alert, transitions }) =>
            transitions.map((t, i) => (
              <li key={`${alert.id}-${i}`}>
                <span className="detail">{formatTime(t.at)}</span> <SeverityBadge severity={t.severity} /> {alert.summary}: {t.from ?? 'new'} → {t.to}{' '}
                <span className="detail">({t.reason})</span>
              </li>
            )),
          )}
        </ol>
      </section>

      {config && (
        <div className="grid two">
          <RulesCard />
          <ChannelsCard form={channelForm} setForm={setChannelForm} />
        </div>
      )}
      <ActionsCard />

      <section className="card" data-testid="deliveries">
        <h3>Recent notifications</h3>
        <table className="results compact">
          <tbody>
            {notifications.slice(0, 30).map((n) => (
              <tr key={n.id}>
                <td>{formatTime(n.createdAt)}</td>
                <td>{n.channel}</td>
                <td>{n.summary}</td>
                <td className={n.failedAt ? 'error' : undefined}>
                  {n.deliveredAt ? 'delivered' : n.failedAt ? `failed: ${n.lastError}` : `retrying (${n.attempts})${n.lastError ? `: ${n.lastError}` : ''}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
