import type { Notice } from '../notice';

/** Delivers a batch of notices, or throws with the reason; the outbox retries. */
export type Deliver = (notices: Notice[]) => Promise<void>;
