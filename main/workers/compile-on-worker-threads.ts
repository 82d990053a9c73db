import { setFlagsFromString } from 'node:v8';

/**
 * For a one-shot batch run (`vigil drift`): worker threads started after this call compile their
 * hot functions on their own thread instead of queueing them for V8's background compiler. With a
 * busy worker on every core that compiler has no core of its own, and the first large sorts and
 * ECDF walks of a run finished before their optimised code arrived. V8 reads the setting when it
 * creates a thread's isolate, so threads already running (this one) keep theirs.
 */
export function compileOnWorkerThreads(): void {
  setFlagsFromString('--no-concurrent-recompilation');
}
