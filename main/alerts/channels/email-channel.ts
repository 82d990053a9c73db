import type { Transporter } from 'nodemailer';
import { noticeTitle } from '../notice';
import type { Deliver } from './channel';

export interface EmailOptions {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  pass?: string;
  from: string;
  to: string[];
  timeoutMs: number;
}

/** One message per batch through SMTP; a temporary (4xx) or lost connection is retried by the outbox. */
export function emailChannel(options: EmailOptions): Deliver {
  // nodemailer loads when the first message goes out, not with every command that builds the alerts.
  let transport: Promise<Transporter> | null = null;
  const connect = async () =>
    (await import('nodemailer')).default.createTransport({
      host: options.host,
      port: options.port,
      secure: options.secure,
      auth: options.user ? { user: options.user, pass: options.pass } : undefined,
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
    });
  return async (notices) => {
    const subject = notices.length === 1 ? noticeTitle(notices[0]!) : `[Vigil] ${notices.length} alerts: ${notices.map((n) => n.alert.summary).join('; ')}`.slice(0, 200);
    const text = notices
      .map((n) => `${noticeTitle(n)}\nseverity: ${n.alert.severity}\nsince: ${new Date(n.alert.firedAt ?? n.alert.startedAt).toISOString()}${n.alert.resolvedAt ? `\nresolved: ${new Date(n.alert.resolvedAt).toISOString()}` : ''}\n`)
      .join('\n');
    // A failed load is tried again with the next delivery rather than kept.
    transport ??= connect().catch((error: unknown) => {
      transport = null;
      throw error;
    });
    await (await transport).sendMail({ from: options.from, to: options.to, subject, text, messageId: `<${notices.map((n) => n.key).join('.').replace(/[^\w.-]/g, '-').slice(0, 200)}@vigil>` });
  };
}
