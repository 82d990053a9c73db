import { NotBuiltYet } from '../components/NotBuiltYet';

export function BackupsPage() {
  return (
    <div className="page">
      <NotBuiltYet engine="backup">
        Full, incremental and differential archives of your models, data and configs, their schedule, and one-click restore
        will live here.
      </NotBuiltYet>
    </div>
  );
}
