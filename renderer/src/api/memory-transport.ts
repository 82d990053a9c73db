import type { EventHub } from '../../../shared/event-hub';
import type { Result } from '../../../shared/result';
import type { Transport } from '../../../shared/transport';

/**
 * Calls a dispatcher in the same process. Values are copied through JSON, as over a real wire,
 * so a test on this transport sees exactly what the renderer would.
 */
export function createMemoryTransport(
  dispatch: (method: unknown, input: unknown) => Promise<Result<unknown>>,
  events: EventHub,
): Transport {
  return {
    async invoke(method, input) {
      return roundTrip(await dispatch(method, roundTrip(input)));
    },
    subscribe(event, listener) {
      return events.on(event, (payload) => listener(roundTrip(payload)));
    },
  };
}

function roundTrip<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
