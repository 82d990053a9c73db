import { pages, useNavigation, type Page } from '../stores/navigation-store';
import { useConnection } from '../stores/connection-store';

const titles: Record<Page, string> = {
  overview: 'Overview',
  metrics: 'Metrics',
  drift: 'Drift',
  alerts: 'Alerts',
  backups: 'Backups',
  settings: 'Settings',
};

export function pageTitle(page: Page): string {
  return titles[page];
}

export function Navigation() {
  const { page, go } = useNavigation();
  const connection = useConnection((s) => s.state);
  return (
    <header className="topbar">
      <span className="brand">Vigil</span>
      <nav aria-label="Main">
        {pages.map((name) => (
          <a key={name} href={`#/${name}`} aria-current={name === page ? 'page' : undefined} onClick={(e) => (e.preventDefault(), go(name))}>
            {titles[name]}
          </a>
        ))}
      </nav>
      <span className={`connection ${connection}`} data-testid="connection">
        {connection === 'open' ? 'connected' : connection === 'connecting' ? 'connecting…' : 'disconnected, retrying'}
      </span>
    </header>
  );
}
