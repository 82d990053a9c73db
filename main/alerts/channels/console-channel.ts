import { noticeTitle } from '../notice';
import type { Deliver } from './channel';

/** One readable line per notice on standard output. */
export function consoleChannel(write: (line: string) => void = (line) => process.stdout.write(line)): Deliver {
  return async (notices) => {
    for (const n of notices) write(`${new Date().toISOString()} ${noticeTitle(n)}\n`);
  };
}
