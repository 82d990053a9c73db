/**
 * Exclude patterns as people write them: `*.tmp` matches in any folder, `cache/**` a folder and
 * everything in it, `**` then `/` any number of folders, `?` one character, a trailing `/` only says
 * "folder". Patterns with another `/` are anchored at the source's root; a match also covers
 * everything below the matched path.
 *
 * Matching runs the pattern as a set of states over the path (no backtracking): time is at most
 * path length × pattern length, whatever the pattern.
 */
export function globMatcher(patterns: readonly string[]): (relativePath: string) => boolean {
  const compiled = patterns.filter((p) => p.replace(/\/+$/, '') !== '').map(compile);
  return (path) => compiled.some((pattern) => matches(pattern, path));
}

/** One state of the pattern: where each character leads, and where it may go without one. */
interface State {
  on: (c: string) => readonly number[];
  free: readonly number[];
}

interface Pattern {
  anchored: boolean;
  states: State[];
}

function compile(raw: string): Pattern {
  const pattern = raw.replace(/\/+$/, '');
  const anchored = pattern.includes('/');
  const body = pattern.replace(/^\/+/, '');
  const states: State[] = [];
  const none: readonly number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    const at = states.length;
    if (c === '*' && body[i + 1] === '*' && body[i + 2] === '/') {
      // Zero or more whole folders: skip, or enter a folder name and leave after its "/".
      i += 2;
      const inside = [at + 1], leave = [at + 1, at + 2];
      states.push({ on: (x) => (x === '/' ? none : inside), free: [at + 2] });
      states.push({ on: (x) => (x === '/' ? leave : inside), free: none });
    } else if (c === '*' && body[i + 1] === '*') {
      i++;
      const stay = [at];
      states.push({ on: () => stay, free: [at + 1] });
    } else if (c === '*') {
      const stay = [at];
      states.push({ on: (x) => (x === '/' ? none : stay), free: [at + 1] });
    } else {
      const next = [at + 1];
      states.push({ on: c === '?' ? (x) => (x === '/' ? none : next) : (x) => (x === c ? next : none), free: none });
    }
  }
  return { anchored, states };
}

function matches({ anchored, states }: Pattern, path: string): boolean {
  const accept = states.length;
  let current = new Uint8Array(accept + 1);
  let next = new Uint8Array(accept + 1);
  // States only move forward without a character, so one pass in order closes the set.
  const close = (set: Uint8Array) => {
    for (let s = 0; s < accept; s++) if (set[s]) for (const t of states[s]!.free) set[t] = 1;
  };
  current[0] = 1;
  close(current);
  for (let p = 0; p <= path.length; p++) {
    // A match ends where a path component ends.
    if ((p === path.length || path[p] === '/') && current[accept]) return true;
    if (p === path.length) break;
    const c = path[p]!;
    next.fill(0);
    for (let s = 0; s < accept; s++) if (current[s]) for (const t of states[s]!.on(c)) next[t] = 1;
    // Unanchored patterns may start at any component.
    if (!anchored && c === '/') next[0] = 1;
    close(next);
    [current, next] = [next, current];
  }
  return false;
}
