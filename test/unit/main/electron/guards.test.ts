import { describe, expect, it } from 'vitest';
import { appUrl } from '../../../../main/electron/app-origin';
import { contentSecurityPolicy } from '../../../../main/content-security-policy';
import { safeExternalUrl } from '../../../../main/electron/external-url';
import { isAllowedNavigation } from '../../../../main/electron/navigation-guard';

describe('isAllowedNavigation', () => {
  it.each([
    ['app://vigil/index.html#/drift', appUrl, true],
    ['app://vigil/other.html', appUrl, true],
    ['app://evil/index.html', appUrl, false],
    ['file:///etc/passwd', appUrl, false],
    ['https://example.com/', appUrl, false],
    ['javascript:alert(1)', appUrl, false],
    ['data:text/html,<h1>x</h1>', appUrl, false],
    ['not a url', appUrl, false],
    ['http://localhost:5173/#/alerts', 'http://localhost:5173/', true],
    ['http://localhost:5174/', 'http://localhost:5173/', false],
  ])('%s (renderer %s) → %s', (url, renderer, allowed) => {
    expect(isAllowedNavigation(url, renderer)).toBe(allowed);
  });
});

describe('safeExternalUrl', () => {
  it.each([
    ['https://docs.example.com/page?q=1', 'https://docs.example.com/page?q=1'],
    ['http://127.0.0.1:7177/', 'http://127.0.0.1:7177/'],
    ['file:///home/me/.ssh/id_rsa', null],
    ['javascript:alert(1)', null],
    ['smb://server/share', null],
    ['vscode://open?file=/etc', null],
    ['https://user:secret@example.com/', null],
    ['https://', null],
    [`https://example.com/${'a'.repeat(3000)}`, null],
    ['not a url', null],
  ])('%s → %s', (url, expected) => {
    expect(safeExternalUrl(url)).toBe(expected);
  });
});

describe('contentSecurityPolicy', () => {
  const directives = Object.fromEntries(contentSecurityPolicy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
  it('allows only our own scripts, with no inline script and no eval', () => {
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(contentSecurityPolicy).not.toMatch(/unsafe-eval/);
    expect(directives['default-src']).toEqual(["'self'"]);
  });
  it('forbids plugins, base rewriting, form posts and framing', () => {
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(directives['form-action']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
  });
  it('connects only to our own origin', () => {
    expect(directives['connect-src']).toEqual(["'self'"]);
  });
});
