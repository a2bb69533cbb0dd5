import nodemailer, { type Transporter } from 'nodemailer';

/** One rendered message as the outbox keeps it (so a retry sends the very same message). */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** extra headers: Auto-Submitted, List-Unsubscribe, … */
  headers: Record<string, string>;
  /** `<…@host>`; stable per outbox item, so a repeated send is recognisably the same message */
  messageId: string;
  /** reader messages count against this address's hourly cap */
  quotaKey?: string;
  /**
   * Reader messages are checked again when sent (a capped message may wait an hour):
   * a reply goes only to a still-confirmed subscriber whose thread is not muted,
   * a confirmation only to one who has not unsubscribed since.
   */
  reader?: { subscriber: string; thread: string; requires: 'confirmed' | 'subscribed' };
}

export interface Mailer {
  /** Sends one message; resolves with the SMTP server's final answer (e.g. "250 OK queued"). */
  send(mail: OutgoingMail): Promise<{ response: string }>;
  close(): void;
}

/**
 * nodemailer over SMTP_URL (smtp:// with STARTTLS when offered, smtps:// for
 * implicit TLS; nodemailer's URL options such as ?tls.rejectUnauthorized=false apply;
 * connections are pooled unless ?pool=false).
 */
export function createMailer(smtpUrl: string, from: string): Mailer {
  // Pooled unless the URL says otherwise: a burst of held comments reuses a few connections.
  const url = new URL(smtpUrl);
  if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
  const transport: Transporter = nodemailer.createTransport(url.toString());
  return {
    async send(mail) {
      const info = (await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        date: new Date(),
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All', ...mail.headers },
      })) as { response?: string };
      return { response: String(info.response ?? '') };
    },
    close() {
      transport.close();
    },
  };
}
