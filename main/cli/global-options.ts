import { resolve } from 'node:path';
import { defaultDataDir } from '../data-dir';
import { UsageError } from './usage-error';

export interface GlobalOptions {
  dataDir: string;
  help: boolean;
  version: boolean;
  command: string | undefined;
  rest: string[];
}

/** Splits `vigil [--data-dir DIR] [--help] [--version] COMMAND ARGS…`: global options come before the command. */
export function parseGlobalOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): GlobalOptions {
  let dataDir: string | undefined;
  let help = false;
  let version = false;
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--version' || arg === '-V') version = true;
    else if (arg === '--data-dir' || arg.startsWith('--data-dir=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (!value) throw new UsageError('--data-dir needs a folder');
      dataDir = value;
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else break;
  }
  return {
    dataDir: resolve(dataDir ?? defaultDataDir(env)),
    help,
    version,
    command: argv[i],
    rest: argv.slice(i + 1),
  };
}
