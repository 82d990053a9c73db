import type { EventName, EventPayload } from './contract';

type Listener<E extends EventName> = (payload: EventPayload<E>) => void;

/** Typed publish/subscribe over the contract's events. A throwing listener never stops the others. */
export class EventHub {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();
  private readonly anyListeners = new Set<(event: EventName, payload: unknown) => void>();

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener<EventName>);
    return () => set.delete(listener as Listener<EventName>);
  }

  /** Whether anyone listens to this event now (a listener of every event counts). */
  has(event: EventName): boolean {
    return (this.listeners.get(event)?.size ?? 0) > 0 || this.anyListeners.size > 0;
  }

  /** Listens to every event; used by hosts that forward events over a wire. */
  onAny(listener: (event: EventName, payload: unknown) => void): () => void {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(event) ?? []) safely(() => listener(payload));
    for (const listener of this.anyListeners) safely(() => listener(event, payload));
  }
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    console.error('event listener failed:', error);
  }
}
