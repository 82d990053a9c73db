/**
 * The renderer's Content-Security-Policy, sent by the desktop app's app:// protocol and the headless
 * host alike: only our own scripts, no inline scripts, no eval, no plugins, no framing; styles may
 * be inline (React style props and echarts need it).
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
