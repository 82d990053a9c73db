import { describe, expect, it } from 'vitest';
import { simulateDay } from '../../../helpers/simulated-day';
import { tempDir } from '../../../helpers/temp-dir';

describe('noise budget: a simulated day on a training workstation', () => {
  it('notifies exactly the service outage and the long CPU job, nothing for runs, short spikes, a hot GPU or a flapping value', async () => {
    const { notifications, alerts } = await simulateDay(tempDir());
    const outage = 'ranker stopped reporting (last report 2026-11-30T13:59:45.000Z)';
    const expected = ['firing: CPU at 90.0 %', 'resolved: CPU at 84.6 %', `firing: ${outage}`, `resolved: ${outage}`];
    // The scripted machine's step changes are unusual to the anomaly detector: INFO, so they go to the
    // log (INFO is logged only) and never to a person. Everything else the log got is exactly the rest.
    const anomalyNotices = (notifications.log ?? []).filter((line) => / is (unusual|back to usual)/.test(line));
    expect(anomalyNotices.length).toBeGreaterThan(0);
    const anomalies = alerts.filter((a) => a.rule === 'anomaly');
    expect(anomalies.every((a) => a.severity === 'INFO')).toBe(true);
    // The desktop takes only CRITICAL by default, and nothing of the day was critical.
    expect({ ...notifications, log: notifications.log!.filter((line) => !anomalyNotices.includes(line)) }).toEqual({ log: expected, slack: expected });

    // What the day left in the history: each condition once, all resolved, the runs as INFO events.
    expect(alerts.filter((a) => a.rule !== 'anomaly').map((a) => `${new Date(a.startedAt).toISOString().slice(11, 19)} ${a.rule} ${a.resource ?? '-'} ${a.severity} ${a.state}`)).toEqual([
      '10:00:50 cpu - WARNING resolved',
      '11:01:35 run-finished train-a INFO resolved',
      '13:46:35 run-finished train-b INFO resolved',
      '14:00:35 model-down ranker ERROR resolved',
      '15:00:00 disk /data WARNING resolved',
      '16:00:25 gpu-temperature 0 WARNING resolved',
      '17:00:25 memory - WARNING resolved',
      '23:31:35 run-finished train-c INFO resolved',
    ]);
    expect(alerts.find((a) => a.resource === 'train-a')!.summary).toBe('run train-a finished after 2.0 h (last report 2026-11-30T10:59:30.000Z)');
  }, 120_000);
});
