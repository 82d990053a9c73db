import type { ReactNode } from 'react';

/** Said plainly on pages whose engine has not landed yet. */
export function NotBuiltYet({ engine, children }: { engine: string; children: ReactNode }) {
  return (
    <section className="card not-built" role="note">
      <h3>The {engine} engine is not built yet</h3>
      <p>{children}</p>
    </section>
  );
}
