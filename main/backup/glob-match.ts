/**
 * Exclude patterns as people write them: `*.tmp` matches in any folder, `cache/**` a folder and
 * everything in it, `?` one character. Patterns with a `/` are anchored at the source's root.
 */
export function globMatcher(patterns: readonly string[]): (relativePath: string) => boolean {
  const regexes = patterns.map((pattern) => {
    const anchored = pattern.includes('/');
    let body = '';
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i]!;
      if (c === '*' && pattern[i + 1] === '*') {
        body += '.*';
        i++;
        if (pattern[i + 1] === '/') i++;
      } else if (c === '*') body += '[^/]*';
      else if (c === '?') body += '[^/]';
      else body += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
    return new RegExp(anchored ? `^${body.replace(/^\//, '')}(/.*)?$` : `(^|/)${body}(/.*)?$`);
  });
  return (path) => regexes.some((r) => r.test(path));
}
