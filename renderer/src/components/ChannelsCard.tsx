import type { Channel } from '../../../shared/config';
import { useAlerts } from '../stores/alerts-store';
import { useConfig } from '../stores/config-store';
import { ChannelForm, channelKinds, draftOfChannel, emptyChannelDraft, type ChannelDraft } from './ChannelForm';

export interface ChannelFormState {
  initial: ChannelDraft;
  editing: Channel | null;
}

function kindLabel(c: Channel): string {
  return c.type === 'webhook' ? channelKinds[c.format === 'generic' ? 'webhook' : c.format] : c.type === 'console' ? 'Console' : channelKinds[c.type];
}

/** The channels, each with "Send test" showing the real outcome, and a form to add or edit one. */
export function ChannelsCard(props: { form: ChannelFormState | null; setForm: (form: ChannelFormState | null) => void }) {
  const config = useConfig((s) => s.config);
  const save = useConfig((s) => s.save);
  const update = useConfig((s) => s.update);
  const testing = useAlerts((s) => s.testing);
  const test = useAlerts((s) => s.test);
  if (!config) return null;
  const channels = config.alerts.channels;

  const saveChannels = async (next: Channel[]) => {
    await update({ alerts: { channels: next } });
    if (useConfig.getState().save.status === 'saved') props.setForm(null);
  };
  const onSave = (channel: Channel) => {
    const editing = props.form?.editing;
    void saveChannels(editing ? channels.map((c) => (c.name === editing.name ? channel : c)) : [...channels, channel]);
  };

  return (
    <section className="card" data-testid="channels">
      <h3>Channels</h3>
      <table className="results compact">
        <tbody>
          {channels.map((c) => (
            <tr key={c.name} data-channel={c.name}>
              <td>{c.name}</td>
              <td>{kindLabel(c)}</td>
              <td>
                from {c.minSeverity}
                {c.escalation ? ' · escalations' : ''}
              </td>
              <td>
                <button type="button" className="secondary" onClick={() => void test(c.name)}>
                  Send test
                </button>{' '}
                <button type="button" className="secondary" onClick={() => props.setForm({ initial: draftOfChannel(c), editing: c })}>
                  Edit
                </button>{' '}
                <button type="button" className="secondary" onClick={() => confirm(`Remove the channel ${c.name} and its settings?`) && void saveChannels(channels.filter((other) => other.name !== c.name))}>
                  Remove
                </button>{' '}
                <span className="detail" data-testid={`test-${c.name}`}>
                  {testing[c.name] ?? ''}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.form ? (
        <ChannelForm
          key={props.form.editing?.name ?? `new-${props.form.initial.escalation}`}
          initial={props.form.initial}
          editing={props.form.editing}
          names={channels.map((c) => c.name)}
          saving={save.status === 'saving'}
          onSave={onSave}
          onCancel={() => props.setForm(null)}
        />
      ) : (
        <p className="footnote">
          <button type="button" onClick={() => props.setForm({ initial: emptyChannelDraft(), editing: null })}>
            Add a channel
          </button>
        </p>
      )}
      {save.status === 'error' && (
        <p className="field-error" role="alert">
          Not saved: {save.message}
        </p>
      )}
    </section>
  );
}
