import { useEffect } from 'react';
import { Navigation, pageTitle } from './components/Navigation';
import { AlertsPage } from './pages/AlertsPage';
import { BackupsPage } from './pages/BackupsPage';
import { DriftPage } from './pages/DriftPage';
import { MetricsPage } from './pages/MetricsPage';
import { OverviewPage } from './pages/OverviewPage';
import { SettingsPage } from './pages/SettingsPage';
import { useAlerts } from './stores/alerts-store';
import { useBackups } from './stores/backup-store';
import { useConfig } from './stores/config-store';
import { useConnection } from './stores/connection-store';
import { useMonitor } from './stores/monitor-store';
import { useNavigation, type Page } from './stores/navigation-store';

const pageViews: Record<Page, () => React.JSX.Element> = {
  overview: OverviewPage,
  metrics: MetricsPage,
  drift: DriftPage,
  alerts: AlertsPage,
  backups: BackupsPage,
  settings: SettingsPage,
};

export function App() {
  const page = useNavigation((s) => s.page);
  const connected = useConnection((s) => s.state === 'open');

  useEffect(() => {
    const stopMonitor = useMonitor.getState().follow();
    const stopConfig = useConfig.getState().follow();
    const stopAlerts = useAlerts.getState().follow();
    return () => {
      stopMonitor();
      stopConfig();
      stopAlerts();
    };
  }, []);

  useEffect(() => {
    if (!connected) return;
    void useConnection.getState().loadInfo().catch(() => {});
    void useConfig.getState().load();
    void useAlerts.getState().load();
    void useBackups.getState().load();
  }, [connected]);

  const View = pageViews[page];
  return (
    <>
      <Navigation />
      <main>
        <h1>{pageTitle(page)}</h1>
        <View />
      </main>
    </>
  );
}
