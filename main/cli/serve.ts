import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { createApp } from '../app';
import { startHost } from '../server/http-server';
import { ScopedTokens } from '../server/token';
import { uiIndexPath } from '../server/static-files';
import { hasDisplay, openInBrowser } from './open-browser';
import { parseCommandArgs } from './parse-command-args';
import { UsageError } from './usage-error';

export const serveHelp = `Usage: vigil [--data-dir DIR] serve [options]

Runs the headless host: the Vigil UI in a browser, the API on /api/ws, Prometheus /metrics.

Options:
  --host HOST       address to bind (default: config server.host, 127.0.0.1)
  --port PORT       port to bind, 0 picks a free one (default: config server.port, 7177)
  --allow-remote NAME
                    a host name (or address) other machines use to reach Vigil; repeat for
                    several. Required to bind an address other than loopback; requests naming
                    any other host are refused (DNS rebinding)
  --ui DIR          the built renderer to serve (default: out/renderer)
  --no-open         do not open the URL in a browser
  -h, --help        this help
`;

// From source (main/cli/serve.ts) the built UI is out/renderer; from the bundle (out/cli/*.js) it is a sibling.
const defaultUiDir = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../../out/renderer' : '../renderer', import.meta.url));

/** Starts the host and resolves when it has shut down after SIGINT or SIGTERM. */
export async function serveCommand(dataDir: string, args: string[]): Promise<number> {
  const { values } = parseServeArgs(args);
  if (values.help) {
    process.stdout.write(serveHelp);
    return 0;
  }
  // Bad usage is refused before the database is opened.
  const portArg = values.port !== undefined ? parsePort(values.port) : undefined;
  const uiDir = values.ui ?? defaultUiDir;
  if (!existsSync(uiIndexPath(uiDir))) {
    throw new Error(`the UI is not built (${uiIndexPath(uiDir)} is missing): run \`npm run build\` first, or use \`npm run serve\``);
  }
  // A host under steady ingest allocates fast and keeps little (about 30 MB live with a thousand
  // models): by default V8 lets the heap grow to several times that between full collections,
  // which is resident memory a long-running monitor should not hold.
  setFlagsFromString('--heap-growing-percent=50');
  const app = createApp({ dataDir, host: 'server' });
  const host = values.host ?? app.config.value.server.host;
  const allowedHosts = values['allow-remote'] ?? [];
  if (!isLoopback(host) && allowedHosts.length === 0) {
    await app.dispose();
    throw new UsageError(`binding ${host} exposes Vigil beyond this machine; add --allow-remote NAME (the name other machines use to reach it) if that is what you want`);
  }
  const port = portArg ?? app.config.value.server.port;
  let running;
  try {
    running = await startHost({ app, tokens: new ScopedTokens(dataDir), host, port, uiDir, allowedHosts });
  } catch (error) {
    await app.dispose();
    throw new Error(`cannot listen on ${host}:${port}: ${(error as Error).message}`);
  }
  if (!isLoopback(host)) console.warn(`warning: Vigil is reachable from other machines on ${host}; anyone with the admin token controls it`);
  console.log(`Vigil is running at ${running.url}`);
  if (!values['no-open'] && hasDisplay()) openInBrowser(running.url);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  console.log('Vigil is shutting down');
  await running.close();
  await app.dispose();
  return 0;
}

function parseServeArgs(args: string[]) {
  return parseCommandArgs(args, {
        host: { type: 'string' },
        port: { type: 'string' },
        'allow-remote': { type: 'string', multiple: true },
        ui: { type: 'string' },
        'no-open': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      }, false);
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0 to 65535, got ${text}`);
  return port;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
