import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '../../../shared/contract';
import { AppError } from '../../../shared/result';
import type { Transport } from '../../../shared/transport';

/** The typed client every renderer and test uses; the transport decides the wire. */
export interface ApiClient {
  /** Resolves with the value, or rejects with an AppError carrying the contract's error code. */
  call<M extends MethodName>(method: M, ...input: OptionalInput<M>): Promise<MethodOutput<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

type OptionalInput<M extends MethodName> = undefined extends MethodInput<M> ? [input?: MethodInput<M>] : [input: MethodInput<M>];

export function createApiClient(transport: Transport): ApiClient {
  return {
    async call(method, ...args) {
      const result = await transport.invoke(method, args[0]);
      if (!result.ok) throw new AppError(result.error.code, result.error.message);
      return result.value as never;
    },
    on(event, listener) {
      return transport.subscribe(event, listener);
    },
  };
}
