import { useState } from 'react';
import { isLocalOnlySetting, localOnlyNotice } from '../../../shared/local-only-settings';
import { transportKind } from '../api/transport-kind';
import { useConfig } from '../stores/config-store';
import { useConnection } from '../stores/connection-store';
import { displayValue, fieldsOf, parseFieldInput, patchOf, type Field } from './settings-fields';
import { editedOnAlertsPage, labelOf, sectionNames } from './settings-labels';

type Change = { path: string[]; value: unknown };

export function SettingsPage() {
  const { config, loadError, save, update } = useConfig();
  const configPath = useConnection((s) => s.info?.configPath);
  const [changes, setChanges] = useState(new Map<string, Change>());
  const [drafts, setDrafts] = useState(new Map<string, string>());
  const [inputError, setInputError] = useState<string | null>(null);

  if (loadError) return <div className="page error" role="alert">Could not load the settings: {loadError}</div>;
  if (!config) return <div className="page">Loading settings…</div>;

  const onInput = (field: Field, text: string, checked: boolean) => {
    const key = field.path.join('.');
    setDrafts(new Map(drafts).set(key, text));
    try {
      const value = parseFieldInput(field, text, checked);
      setChanges(new Map(changes).set(key, { path: field.path, value }));
      setInputError(null);
    } catch (error) {
      setInputError((error as Error).message);
    }
  };

  const onSave = async () => {
    await update(patchOf(changes));
    if (useConfig.getState().save.status === 'saved') {
      setChanges(new Map());
      setDrafts(new Map());
    }
  };

  return (
    <div className="page settings">
      <p className="footnote">
        Saved to <code>{configPath ?? 'config.json'}</code>. Only the keys you change are written; everything else keeps its default. Alert rules,
        channels and actions are edited on the Alerts page.
      </p>
      {Object.entries(config).map(([section, value]) => (
        <fieldset key={section} className="card">
          <legend>{sectionNames[section] ?? section}</legend>
          {fieldsOf(value, [section]).filter((field) => !editedOnAlertsPage(field.path)).map((field) => {
            const key = field.path.join('.');
            const draft = drafts.get(key);
            if (transportKind() === 'browser' && isLocalOnlySetting(field.path)) {
              return (
                <label key={key} className={`field ${field.kind} local-only`}>
                  <span>
                    {labelOf(field.path)} <span className="key">{key}</span>
                  </span>
                  <textarea aria-label={key} rows={field.kind === 'json' ? 4 : 1} readOnly value={displayValue(field)} />
                  <small className="footnote" data-testid={`local-only-${key}`}>
                    {localOnlyNotice(configPath ?? 'config.json')}
                  </small>
                </label>
              );
            }
            return (
              <label key={key} className={`field ${field.kind}`}>
                <span>
                  {labelOf(field.path)} <span className="key">{key}</span>
                </span>
                {field.kind === 'boolean' ? (
                  <input
                    type="checkbox"
                    aria-label={key}
                    checked={(changes.get(key)?.value as boolean | undefined) ?? (field.value as boolean)}
                    onChange={(e) => onInput(field, '', e.target.checked)}
                  />
                ) : field.kind === 'json' ? (
                  <textarea aria-label={key} rows={4} value={draft ?? displayValue(field)} onChange={(e) => onInput(field, e.target.value, false)} />
                ) : (
                  <input
                    type={field.kind === 'number' ? 'number' : 'text'}
                    aria-label={key}
                    placeholder={field.nullable ? 'none' : undefined}
                    value={draft ?? displayValue(field)}
                    onChange={(e) => onInput(field, e.target.value, false)}
                  />
                )}
              </label>
            );
          })}
        </fieldset>
      ))}
      <div className="actions">
        <button type="button" disabled={changes.size === 0 || inputError !== null || save.status === 'saving'} onClick={onSave}>
          Save
        </button>
        <span role="status" data-testid="save-status" className={save.status === 'error' ? 'error' : undefined}>
          {inputError ??
            (save.status === 'saving'
              ? 'Saving…'
              : save.status === 'saved'
                ? 'Saved.'
                : save.status === 'error'
                  ? save.message
                  : changes.size > 0
                    ? `${changes.size} unsaved change${changes.size > 1 ? 's' : ''}`
                    : '')}
        </span>
      </div>
    </div>
  );
}
