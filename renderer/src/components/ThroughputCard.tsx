import { formatRate } from '../format';
import { Sparkline } from './Sparkline';

/** Two rates now (read/write, in/out) and their last minutes as a sparkline. */
export function ThroughputCard(props: {
  title: string;
  testId: string;
  labels: [string, string];
  now: [number, number] | null;
  history: [[number, number][], [number, number][]];
}) {
  const [a, b] = props.labels;
  return (
    <section className="card">
      <h3>{props.title}</h3>
      <div className="figure small" data-testid={props.testId}>
        {a} {formatRate(props.now?.[0] ?? null)} · {b} {formatRate(props.now?.[1] ?? null)}
      </div>
      <Sparkline
        label={`${props.title} throughput`}
        series={[
          { name: a, points: props.history[0] },
          { name: b, points: props.history[1] },
        ]}
      />
    </section>
  );
}
