import { NotBuiltYet } from '../components/NotBuiltYet';

export function AlertsPage() {
  return (
    <div className="page">
      <NotBuiltYet engine="alert">
        Open alerts with acknowledge and silence, their history, the rules and the notification channels will live here.
      </NotBuiltYet>
    </div>
  );
}
