import { AlertEngine } from '../../main/alerts/alert-engine';
import { createAlertsRepository } from '../../main/store/alerts-repository';
import { openStore } from '../../main/store/open';
import { Config } from '../../shared/config';
import type { Alert } from '../../shared/alerts';
import { tempDir } from './temp-dir';

/** A real alert engine on a temp database, with a clock the test moves. */
export function alertEngine(alerts: object = {}) {
  const db = openStore(tempDir());
  const repository = createAlertsRepository(db);
  const config = Config.parse({ alerts }).alerts;
  const clock = { now: Date.UTC(2026, 10, 30, 8, 0, 0) };
  const changes: Alert[] = [];
  const engine = new AlertEngine({ repository, config: () => config, now: () => clock.now, onChange: (a) => changes.push(a), onQueued: () => {} });
  const queued = () => repository.notifications(1000).map((n) => `${n.channel} ${n.summary}`).reverse();
  const advance = (seconds: number) => (clock.now += seconds * 1000);
  return { db, repository, engine, clock, changes, queued, advance };
}
