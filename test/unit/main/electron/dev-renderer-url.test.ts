import { describe, expect, it } from 'vitest';
import { devRendererUrl } from '../../../../main/electron/dev-renderer-url';

describe('the development renderer URL', () => {
  it('is honoured in an unpackaged run on loopback', () => {
    expect(devRendererUrl({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, false)).toBe('http://localhost:5173');
    expect(devRendererUrl({ ELECTRON_RENDERER_URL: 'http://127.0.0.1:5173/' }, false)).toBe('http://127.0.0.1:5173/');
  });

  it('is ignored in a packaged app, and anywhere off loopback or not http', () => {
    expect(devRendererUrl({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, true)).toBeUndefined();
    for (const url of ['https://evil.example', 'http://evil.example:5173', 'file:///tmp/page.html', 'javascript:alert(1)', 'not a url']) {
      expect(devRendererUrl({ ELECTRON_RENDERER_URL: url }, false), url).toBeUndefined();
    }
    expect(devRendererUrl({}, false)).toBeUndefined();
  });
});
