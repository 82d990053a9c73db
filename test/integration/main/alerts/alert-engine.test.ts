import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AlertEngine } from '../../../../main/alerts/alert-engine';
import { createAlertsRepository } from '../../../../main/store/alerts-repository';
import { openStore } from '../../../../main/store/open';
import { Config } from '../../../../shared/config';
import { alertEngine } from '../../../helpers/alert-engine';

const channels = [
  { name: 'log', type: 'log' },
  { name: 'slack', type: 'webhook', url: 'http://127.0.0.1:1/hook', format: 'slack' },
  { name: 'lead', type: 'email', host: '127.0.0.1', from: 'vigil@box', to: ['lead@team'], escalation: true, minSeverity: 'CRITICAL' },
  { name: 'desktop', type: 'desktop' },
];

describe('the alert state machine', () => {
  it('CPU: pending for 10 minutes before firing, so a box training at 95 % for a while does not page', () => {
    const { engine, advance, queued } = alertEngine({ channels });
    engine.observe([['cpu.total', 97]]);
    expect(engine.open()).toMatchObject([{ rule: 'cpu', state: 'pending', severity: 'CRITICAL' }]);
    advance(300);
    engine.observe([['cpu.total', 97]]);
    expect(engine.open()[0]!.state).toBe('pending');
    expect(queued()).toEqual([]);
    advance(301);
    engine.observe([['cpu.total', 97]]);
    expect(engine.open()[0]).toMatchObject({ state: 'firing', severity: 'CRITICAL' });
    // CRITICAL notifies at once, everywhere that takes CRITICAL, desktop included.
    expect(queued()).toEqual(['log firing: CPU at 97.0 %', 'slack firing: CPU at 97.0 %', 'lead firing: CPU at 97.0 %', 'desktop firing: CPU at 97.0 %']);
  });

  it('pending clears without a word when the condition goes away', () => {
    const { engine, advance, queued, repository } = alertEngine({ channels });
    engine.observe([['memory.used_percent', 90]]);
    advance(30);
    // The 30 s average must fall below 85 − 5 % of 85 = 80.75 to clear.
    engine.observe([['memory.used_percent', 40]]);
    expect(engine.open()).toEqual([]);
    expect(queued()).toEqual([]);
    expect(repository.history({})[0]!.transitions.map((t) => `${t.from}→${t.to}: ${t.reason}`)).toEqual([
      'null→pending: memory.used_percent 90.00 ≥ 85',
      'pending→resolved: cleared before firing',
    ]);
  });

  it('clears only below the hysteresis, so a value hovering at the line does not flap', () => {
    const { engine, advance } = alertEngine({ channels });
    engine.observe([['disk.used_percent{/data}', 91]]);
    advance(61);
    engine.observe([['disk.used_percent{/data}', 91]]);
    expect(engine.open()[0]).toMatchObject({ identity: 'disk:/data', state: 'firing', severity: 'WARNING' });
    engine.observe([['disk.used_percent{/data}', 89]]); // below 90 but above 85.5
    expect(engine.open()).toHaveLength(1);
    engine.observe([['disk.used_percent{/data}', 85]]);
    expect(engine.open()).toEqual([]);
  });

  it('keeps one alert per identity; CRITICAL supersedes WARNING in place', () => {
    const { engine, advance } = alertEngine({ channels });
    engine.observe([['disk.used_percent{/data}', 92], ['disk.used_percent{/home}', 50]]);
    advance(61);
    engine.observe([['disk.used_percent{/data}', 92], ['disk.used_percent{/home}', 50]]);
    engine.observe([['disk.used_percent{/data}', 97], ['disk.used_percent{/home}', 50]]);
    const open = engine.open();
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ identity: 'disk:/data', severity: 'CRITICAL', state: 'firing' });
  });

  it('WARNING notifies only once it has fired for 5 minutes; the desktop only hears of CRITICAL', () => {
    const { engine, advance, queued } = alertEngine({ channels });
    engine.observe([['disk.used_percent{/data}', 92]]);
    advance(61);
    engine.observe([['disk.used_percent{/data}', 92]]);
    expect(queued()).toEqual([]);
    advance(300);
    engine.observe([['disk.used_percent{/data}', 92]]);
    expect(queued()).toEqual(['log firing: disk /data at 92.0 %', 'slack firing: disk /data at 92.0 %']);
  });

  it('model error rate fires at once; CRITICAL escalates after 5 minutes unacknowledged, then repeats hourly', () => {
    const { engine, advance, queued } = alertEngine({ channels });
    engine.observe([['model.error_rate{ranker}', 20]]);
    expect(engine.open()[0]).toMatchObject({ rule: 'model-error-rate', state: 'firing', severity: 'CRITICAL' });
    expect(queued()).toHaveLength(4);
    advance(299);
    engine.observe([['model.error_rate{ranker}', 20]]);
    expect(queued()).toHaveLength(4);
    advance(2);
    engine.observe([['model.error_rate{ranker}', 20]]);
    expect(queued().slice(4)).toEqual(['lead escalation: ranker error rate 20.0 %']);
    expect(engine.open()[0]!.escalatedAt).not.toBeNull();
    advance(3600);
    engine.observe([['model.error_rate{ranker}', 20]]);
    expect(queued().slice(5)).toEqual(['log repeat: ranker error rate 20.0 %', 'slack repeat: ranker error rate 20.0 %', 'lead repeat: ranker error rate 20.0 %', 'desktop repeat: ranker error rate 20.0 %']);
  });

  it('with no escalation channel, an unacknowledged CRITICAL escalates to the desktop; acknowledged, it does not', () => {
    const { engine, advance, queued } = alertEngine({});
    engine.setCondition({ rule: 'backup', resource: 'models', severity: 'CRITICAL', summary: 'backup of models failed' });
    engine.setCondition({ rule: 'backup', resource: 'data', severity: 'CRITICAL', summary: 'backup of data failed' });
    engine.acknowledge(engine.open().find((a) => a.resource === 'data')!.id, null);
    expect(queued()).toEqual(['log firing: backup of models failed', 'desktop firing: backup of models failed', 'log firing: backup of data failed', 'desktop firing: backup of data failed']);
    advance(301);
    engine.observe([]);
    expect(queued().slice(4)).toEqual(['desktop escalation: backup of models failed']);
    expect(engine.open().find((a) => a.resource === 'data')!.escalatedAt).toBeNull();
  });

  it('acknowledging stops escalation and repeats; resolving sends resolved notices where asked', () => {
    const { engine, advance, queued } = alertEngine({ channels });
    engine.observe([['model.error_rate{ranker}', 20]]);
    const [alert] = engine.open();
    engine.acknowledge(alert!.id, null);
    advance(3700);
    engine.observe([['model.error_rate{ranker}', 20]]);
    expect(queued()).toHaveLength(4);
    engine.observe([['model.error_rate{ranker}', 1]]);
    expect(engine.open()).toEqual([]);
    // The desktop channel sends no resolved notices by default; the others do.
    expect(queued().slice(4)).toEqual(['log resolved: ranker error rate 20.0 %', 'slack resolved: ranker error rate 20.0 %', 'lead resolved: ranker error rate 20.0 %']);
  });

  it('a silence matching rule and resource keeps an alert quiet until it expires', () => {
    const { engine, advance, queued, clock } = alertEngine({ channels });
    engine.silence({ rule: 'model-latency', resource: 'ranker', until: clock.now + 600_000, comment: 'load test' });
    engine.observe([['model.latency_p95{ranker}', 6000], ['model.latency_p95{embedder}', 1500]]);
    expect(engine.open()).toHaveLength(2);
    expect(queued().filter((q) => q.includes('ranker'))).toEqual([]);
    advance(601);
    engine.observe([['model.latency_p95{ranker}', 6000]]);
    // Quiet until now; unacknowledged for ten minutes, it also escalates at once.
    expect(queued().filter((q) => q.includes('ranker'))).toEqual([
      'log firing: ranker latency p95 6000 ms',
      'slack firing: ranker latency p95 6000 ms',
      'lead firing: ranker latency p95 6000 ms',
      'desktop firing: ranker latency p95 6000 ms',
      'lead escalation: ranker latency p95 6000 ms',
    ]);
  });

  it('silences match rule and resource exactly or by glob, never by substring', () => {
    const { engine, queued, clock } = alertEngine({ channels });
    const until = clock.now + 600_000;
    engine.silence({ rule: null, resource: 'a', until, comment: 'not every resource containing "a"' });
    engine.silence({ rule: 'gpu*', resource: null, until, comment: 'GPU maintenance' });
    engine.silence({ rule: 'model-latency', resource: 'shadow-*', until, comment: 'shadow models' });
    engine.setCondition({ rule: 'gpu-temperature', resource: '0', severity: 'CRITICAL', summary: 'GPU 0 at 93 °C' });
    engine.setCondition({ rule: 'gpu-throttle', resource: '1', severity: 'CRITICAL', summary: 'GPU 1 throttling' });
    engine.setCondition({ rule: 'drift', resource: 'a', severity: 'ERROR', summary: 'drift on a' });
    engine.setCondition({ rule: 'drift', resource: 'data.csv', severity: 'ERROR', summary: 'drift on data.csv' });
    engine.observe([['model.latency_p95{shadow-ranker}', 6000], ['model.latency_p95{ranker}', 6000]]);
    expect(engine.open()).toHaveLength(6);
    expect([...new Set(queued().map((q) => q.split(': ')[1]))]).toEqual(['drift on data.csv', 'ranker latency p95 6000 ms']);
  });

  it('a system series that stops reporting raises "no data" and never resolves the alert it fed', () => {
    const { engine, advance } = alertEngine({ channels, forSeconds: { disk: 0 } });
    engine.observe([['disk.used_percent{/data}', 97]]);
    advance(61);
    engine.observe([['cpu.total', 10]]);
    const open = engine.open();
    expect(open.map((a) => `${a.rule} ${a.severity} ${a.state}`).sort()).toEqual(['disk CRITICAL firing', 'no-data ERROR firing']);
    expect(open.find((a) => a.rule === 'no-data')!.resource).toBe('disk.used_percent{/data}');
    engine.observe([['disk.used_percent{/data}', 97]]);
    expect(engine.open().map((a) => a.rule)).toEqual(['disk']);
  });

  it('a "no data" alert on a model series left open by an earlier version resolves at the first sample', () => {
    const { engine, repository, clock } = alertEngine({ channels });
    repository.create(
      { identity: 'no-data:model.error_rate{trainer}', rule: 'no-data', resource: 'model.error_rate{trainer}', severity: 'ERROR', state: 'firing', value: null, threshold: null, summary: 'no data for model.error_rate{trainer}', startedAt: clock.now, firedAt: clock.now, resolvedAt: null, acknowledgedAt: null, acknowledgedUntil: null, escalatedAt: null, notifiedAt: null },
      'stopped reporting',
    );
    engine.observe([['cpu.total', 10]]);
    expect(engine.open()).toEqual([]);
  });

  it('a model series that goes quiet is no "no data" alert: the model lifecycle decides what its silence means', () => {
    const { engine, advance, queued } = alertEngine({ channels });
    engine.observe([['model.error_rate{trainer}', 1], ['model.latency_p95{trainer}', 80]]);
    advance(3600);
    engine.observe([['cpu.total', 10]]);
    expect(engine.open()).toEqual([]);
    expect(queued()).toEqual([]);
  });

  it('conditions from other engines: raised, updated and cleared by their reporter', () => {
    const { engine, queued } = alertEngine({ channels });
    engine.setCondition({ rule: 'drift', resource: 'last_week.csv', severity: 'WARNING', summary: 'drift: MODERATE on last_week.csv' });
    engine.setCondition({ rule: 'drift', resource: 'last_week.csv', severity: 'ERROR', summary: 'drift: SEVERE on last_week.csv' });
    expect(engine.open()).toMatchObject([{ identity: 'drift:last_week.csv', severity: 'ERROR', state: 'firing' }]);
    expect(queued()).toEqual(['log firing: drift: SEVERE on last_week.csv', 'slack firing: drift: SEVERE on last_week.csv']);
    engine.setCondition({ rule: 'drift', resource: 'last_week.csv', severity: null, summary: 'no drift on last_week.csv' });
    expect(engine.open()).toEqual([]);
  });

  it('INFO is only logged; ERROR notifies at once but does not escalate', () => {
    const { engine, advance, queued } = alertEngine({ channels });
    engine.setCondition({ rule: 'drift', resource: 'a.csv', severity: 'INFO', summary: 'drift run finished on a.csv' });
    expect(queued()).toEqual(['log firing: drift run finished on a.csv']);
    engine.setCondition({ rule: 'backup', resource: 'nightly', severity: 'ERROR', summary: 'backup nightly failed' });
    expect(queued().slice(1)).toEqual(['log firing: backup nightly failed', 'slack firing: backup nightly failed']);
    advance(600);
    engine.observe([]);
    expect(queued()).toHaveLength(3);
  });

  it('stores every transition, queryable by severity, rule and resource', () => {
    const { engine, repository, advance } = alertEngine({ channels });
    engine.observe([['model.error_rate{a}', 20], ['model.latency_p95{b}', 1200]]);
    advance(10);
    engine.observe([['model.error_rate{a}', 0], ['model.latency_p95{b}', 1200]]);
    expect(repository.history({ severity: 'CRITICAL' }).map((h) => h.alert.resource)).toEqual(['a']);
    expect(repository.history({ rule: 'model-latency' }).map((h) => h.alert.state)).toEqual(['firing']);
    const [a] = repository.history({ resource: 'a' });
    expect(a!.transitions.map((t) => t.to)).toEqual(['firing', 'resolved']);
  });
});

// `vigil drift` beside a running host: two processes, two connections, one database. Each engine
// keeps the open alerts and silences in memory and must read them again when the other one wrote.
describe('two engines on one database', () => {
  function besideIt(first: ReturnType<typeof alertEngine>) {
    const repository = createAlertsRepository(openStore(dirname(first.db.name)));
    const config = Config.parse({ alerts: { channels } }).alerts;
    return { repository, engine: new AlertEngine({ repository, config: () => config, now: () => first.clock.now, onChange: () => {}, onQueued: () => {} }) };
  }

  it('resolves an alert the other one raised after it last looked', () => {
    const host = alertEngine({ channels });
    const cli = besideIt(host);
    host.engine.observe([['cpu.total', 10]]); // the host has read its open alerts: none
    cli.engine.setCondition({ rule: 'drift', resource: 'ranker', severity: 'ERROR', summary: 'drift in 3 of 10 features' });
    host.engine.setCondition({ rule: 'drift', resource: 'ranker', severity: null, summary: 'no drift' });
    expect(cli.engine.open()).toEqual([]);
    expect(host.repository.history({})[0]!.transitions.map((t) => t.to)).toEqual(['firing', 'resolved']);
  });

  it('keeps quiet for a silence the other one added', () => {
    const host = alertEngine({ channels });
    const cli = besideIt(host);
    host.engine.observe([['cpu.total', 10]]); // and its silences: none
    cli.engine.silence({ rule: 'drift', resource: null, until: host.clock.now + 600_000, comment: 'retraining' });
    host.engine.setCondition({ rule: 'drift', resource: 'ranker', severity: 'ERROR', summary: 'drift in 3 of 10 features' });
    expect(host.engine.open()).toHaveLength(1);
    expect(host.queued()).toEqual([]);
  });
});
