import { describe, expect, it } from 'vitest';
import { TimeToFullAlerts } from '../../../../main/alerts/foresight-rules';
import type { TimeToFull } from '../../../../shared/foresight';

const thresholds = { warningHours: 24, criticalHours: 2 };
const hours = (h: number | null, mount = '/data'): TimeToFull => ({ mount, availableBytes: 1e9, bytesPerSecond: h === null ? 0 : -1, secondsToFull: h === null ? null : h * 3600 });

describe('TimeToFullAlerts', () => {
  it('warns under 24 h, goes critical under 2 h, and says when in words', () => {
    const rules = new TimeToFullAlerts();
    expect(rules.evaluate([hours(30)], thresholds, null)).toEqual([]);
    expect(rules.evaluate([hours(3)], thresholds, null)).toEqual([
      { rule: 'time-to-full', resource: '/data', severity: 'WARNING', value: 3 * 3600, summary: 'disk /data will be full in about 3 h' },
    ]);
    expect(rules.evaluate([hours(3.1)], thresholds, null)).toEqual([]); // same words, nothing to say
    expect(rules.evaluate([hours(0.5)], thresholds, null)).toMatchObject([{ severity: 'CRITICAL', summary: 'disk /data will be full in about 30 min' }]);
  });

  it('does not flap around a threshold, and clears once the disk stops filling', () => {
    const rules = new TimeToFullAlerts();
    rules.evaluate([hours(1.5)], thresholds, null);
    expect(rules.evaluate([hours(2.2)], thresholds, null)).toEqual([]); // within the margin: still CRITICAL
    expect(rules.evaluate([hours(3)], thresholds, null)).toMatchObject([{ severity: 'WARNING' }]);
    expect(rules.evaluate([hours(26)], thresholds, null)).toMatchObject([{ severity: 'WARNING', summary: 'disk /data will be full in about 26 h' }]);
    expect(rules.evaluate([hours(null)], thresholds, null)).toEqual([
      { rule: 'time-to-full', resource: '/data', severity: null, summary: 'disk /data is no longer forecast to fill within 24 h' },
    ]);
  });

  it('names the backup destination, and clears a mount that went away', () => {
    const rules = new TimeToFullAlerts();
    expect(rules.evaluate([hours(5, '/backups'), hours(10)], thresholds, '/backups').map((c) => c.summary)).toEqual([
      'disk /backups (backup destination) will be full in about 5 h',
      'disk /data will be full in about 10 h',
    ]);
    expect(rules.evaluate([hours(10)], thresholds, '/backups')).toMatchObject([{ resource: '/backups', severity: null }]);
  });
});
