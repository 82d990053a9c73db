import { mkdirSync } from 'node:fs';
import { isTokenScope, loadOrCreateToken, rotateToken, tokenFileName, tokenScopes, type TokenScope } from '../server/token';
import { parseCommandArgs } from './parse-command-args';
import { UsageError } from './usage-error';

export const tokenHelp = `Usage: vigil [--data-dir DIR] token show|rotate [--scope SCOPE]

The headless host's credentials, one file each in the data directory (mode 0600):
  admin     the UI and the API (the link \`vigil serve\` prints)
  ingest    POST /api/v1/ingest only: give it to training and serving code
  metrics   GET /metrics only: give it to Prometheus

Commands:
  show      print the tokens; with --scope, only that token (for scripts)
  rotate    replace the tokens (with --scope, only that one); the old ones stop working at once

Options:
  --scope admin|ingest|metrics
  -h, --help   this help
`;

export function tokenCommand(dataDir: string, args: string[]): number {
  const { values, positionals } = parseCommandArgs(args, { scope: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  const [command, ...extra] = positionals;
  if (values.help) {
    process.stdout.write(tokenHelp);
    return 0;
  }
  if (command !== 'show' && command !== 'rotate') throw new UsageError('token needs show or rotate (vigil token --help)');
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  if (values.scope !== undefined && !isTokenScope(values.scope)) throw new UsageError(`--scope is one of ${tokenScopes.join(', ')}, not ${JSON.stringify(values.scope)}`);
  const scopes: readonly TokenScope[] = values.scope ? [values.scope as TokenScope] : tokenScopes;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const tokens = scopes.map((scope) => [scope, command === 'rotate' ? rotateToken(dataDir, scope) : loadOrCreateToken(dataDir, scope)] as const);
  if (values.scope) process.stdout.write(`${tokens[0]![1]}\n`);
  else for (const [scope, token] of tokens) process.stdout.write(`${scope.padEnd(8)} ${token}  (${tokenFileName(scope)})\n`);
  if (command === 'rotate' && scopes.includes('admin')) {
    process.stderr.write('browser tabs holding the old admin token need the new link: http://127.0.0.1:PORT/#token=NEW\n');
  }
  return 0;
}
