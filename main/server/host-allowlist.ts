/**
 * DNS rebinding defence: a page on `evil.example` whose name the attacker points at 127.0.0.1 reaches
 * this port with `Host: evil.example`. Only loopback names and addresses, the address the host is
 * bound to, and the names the user allowed with `--allow-remote` are served; the rest get 403.
 */
export class HostAllowlist {
  private readonly names: Set<string>;

  constructor(extraNames: readonly string[] = []) {
    this.names = new Set(['localhost', ...extraNames.map((name) => name.toLowerCase().replace(/^\[(.*)\]$/, '$1'))]);
  }

  allows(hostHeader: string | undefined): boolean {
    const name = hostName(hostHeader);
    if (name === null) return false;
    return this.names.has(name) || isLoopbackAddress(name);
  }
}

/** The name in a Host header, lower-cased, without the port and IPv6 brackets; null when malformed. */
export function hostName(hostHeader: string | undefined): string | null {
  if (!hostHeader) return null;
  const header = hostHeader.trim().toLowerCase();
  const bracketed = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(header);
  if (bracketed) return bracketed[1]!;
  const plain = /^([a-z0-9.-]+)(?::\d{1,5})?$/.exec(header);
  return plain ? plain[1]!.replace(/\.$/, '') : null;
}

export function isLoopbackAddress(name: string): boolean {
  return name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}
