import type { Anomaly } from '../../../shared/foresight';
import { spreadPhaseMs } from '../spread-phase';
import { defaultDetectorOptions, SeriesDetector } from './series-detector';

export interface AnomalySettings {
  enabled: boolean;
  stepSeconds: number;
  threshold: number;
  maxSeries: number;
}

/** A series became anomalous, or has been calm long enough to call its anomaly over. */
export interface AnomalyChange {
  series: string;
  anomalous: boolean;
  anomaly: Anomaly;
}

/** Stored points of one series between two times, about `points` of them: [at, average]. */
export type StoredHistory = (series: string, from: number, to: number, points: number) => [number, number][];

const day = 86_400_000;

/** Calm steps in a row that end an anomalous stretch, so a flickering series is one episode. */
const calmStepsToClear = 6;
const recentMs = 3_600_000;
const maxRecent = 2000;

/**
 * A detector for every series the monitor stores. Each completed step yields two stored points,
 * `anomaly.score{SERIES}` and `anomaly.flag{SERIES}` (0 or 1; its average over a chart bucket is
 * the anomaly rate), and an episode change when a series turns anomalous or calm again.
 */
export class AnomalySet {
  private readonly detectors = new Map<string, { detector: SeriesDetector; open: boolean; calm: number; score: number }>();
  private recentAnomalies: Anomaly[] = [];
  private settingsKey = '';
  /** Series whose detector still has to learn from the store before it scores. */
  private readonly unprimed = new Set<string>();

  /** With `history`, a new detector first learns from what the store holds, so a restart loses nothing. */
  constructor(
    private readonly settings: () => AnomalySettings,
    private readonly history?: StoredHistory,
  ) {}

  /** The points of one monitor sample taken at `at`. */
  observe(points: readonly [string, number][], at: number): { stored: [string, number, number][]; changes: AnomalyChange[] } {
    const stored: [string, number, number][] = [];
    const changes: AnomalyChange[] = [];
    const settings = this.settings();
    if (!settings.enabled) return { stored, changes };
    const key = `${settings.stepSeconds}:${settings.threshold}`;
    if (key !== this.settingsKey) {
      this.detectors.clear(); // new step or threshold: learn again rather than mix two scales
      this.unprimed.clear();
      this.settingsKey = key;
    }
    for (const [series, value] of points) {
      let state = this.detectors.get(series);
      if (!state) {
        if (this.detectors.size >= settings.maxSeries) continue; // bounded state, whatever reports to Vigil
        const stepMs = settings.stepSeconds * 1000;
        const detector = new SeriesDetector({ ...defaultDetectorOptions, stepMs, phaseMs: spreadPhaseMs(series, stepMs), threshold: settings.threshold });
        state = { detector, open: false, calm: 0, score: 0 };
        this.detectors.set(series, state);
        if (this.history) this.unprimed.add(series);
      }
      // Its points are in the store: priming will read them.
      if (this.unprimed.has(series)) continue;
      const scored = state.detector.add(at, value);
      if (!scored) continue;
      state.score = scored.score;
      stored.push([`anomaly.score{${series}}`, scored.at, scored.score], [`anomaly.flag{${series}}`, scored.at, scored.anomalous ? 1 : 0]);
      const anomaly: Anomaly = { series, at: scored.at, value: scored.value, expected: scored.expected, score: scored.score };
      if (scored.anomalous) {
        this.recentAnomalies.push(anomaly);
        state.calm = 0;
        if (!state.open) {
          state.open = true;
          changes.push({ series, anomalous: true, anomaly });
        }
      } else if (state.open && ++state.calm >= calmStepsToClear) {
        state.open = false;
        changes.push({ series, anomalous: false, anomaly });
      }
    }
    if (this.recentAnomalies.length > maxRecent || (this.recentAnomalies[0] && this.recentAnomalies[0].at < at - recentMs)) {
      this.recentAnomalies = this.recentAnomalies.filter((a) => a.at >= at - recentMs).slice(-maxRecent);
    }
    return { stored, changes };
  }

  /** Whether some detectors still have to learn from the store. */
  get priming(): boolean {
    return this.unprimed.size > 0;
  }

  /**
   * Lets detectors of new series learn from the store, for about `budgetMs` (each reads two
   * history ranges); true while some are left. The caller spreads this over turns of the event
   * loop: a thousand new models would otherwise stall it for a second.
   */
  primeSome(at: number, budgetMs: number): boolean {
    if (!this.history || this.unprimed.size === 0) return false;
    const started = performance.now();
    const windowMs = defaultDetectorOptions.windowSteps * this.settings().stepSeconds * 1000;
    const seasonalMs = (defaultDetectorOptions.seasonalDays ?? 0) * day;
    for (const series of this.unprimed) {
      if (performance.now() - started > budgetMs) break;
      const recentFrom = at - windowMs;
      const minutes = seasonalMs > 0 ? this.history(series, at - seasonalMs, recentFrom, seasonalMs / 60_000) : [];
      const steps = this.history(series, recentFrom, at, defaultDetectorOptions.windowSteps);
      this.detectors.get(series)?.detector.prime(minutes, steps);
      this.unprimed.delete(series);
    }
    return this.unprimed.size > 0;
  }

  /** Anomalous steps since `since` (at most the last hour's), newest first. */
  recent(since: number): Anomaly[] {
    return this.recentAnomalies.filter((a) => a.at >= since).reverse();
  }

  /** The latest score of every series, for /metrics. */
  scores(): [string, number][] {
    return [...this.detectors].map(([series, s]) => [series, s.score]);
  }
}
