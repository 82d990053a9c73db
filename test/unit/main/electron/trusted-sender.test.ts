import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../../../main/electron/trusted-sender';

const built = 'app://vigil/index.html';
const dev = 'http://localhost:5173/';

describe('isTrustedSender', () => {
  it.each([
    ['the built page, main frame', { url: `${built}#/drift`, isMainFrame: true }, built, true],
    ['the dev server page', { url: 'http://localhost:5173/#/alerts', isMainFrame: true }, dev, true],
    ['a subframe of our page', { url: built, isMainFrame: false }, built, false],
    ['a local file', { url: 'file:///tmp/evil.html', isMainFrame: true }, built, false],
    ['another app:// host', { url: 'app://other/index.html', isMainFrame: true }, built, false],
    ['another port on localhost', { url: 'http://localhost:5174/', isMainFrame: true }, dev, false],
    ['a remote page', { url: 'https://example.com/', isMainFrame: true }, dev, false],
    ['a remote page while built', { url: 'https://example.com/', isMainFrame: true }, built, false],
    ['a data: URL', { url: 'data:text/html,<script>1</script>', isMainFrame: true }, built, false],
    ['garbage', { url: 'not a url', isMainFrame: true }, built, false],
  ])('%s → %s', (_name, frame, rendererUrl, expected) => {
    expect(isTrustedSender(frame, rendererUrl)).toBe(expected);
  });

  it('refuses a message whose frame is gone', () => {
    expect(isTrustedSender(null, built)).toBe(false);
    expect(isTrustedSender(undefined, built)).toBe(false);
  });
});
