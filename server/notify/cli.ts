import { parseArgs } from 'node:util';
import { isEmailAddress } from '../validation/email.js';
import type { Config } from '../config.js';
import type { Store } from '../store/port.js';
import { addWebhook, webhookView } from '../webhooks/registry.js';
import { createMailer } from './mailer.js';
import { testMail } from './messages.js';

import { NotifyUsageError } from './cli-usage.js';

/**
 * CLI commands of issue 12, or null when argv is not one of them.
 * `mail test` reports the SMTP server's answer; `webhook add` prints the secret once.
 */
export async function runNotifyCli(config: Config, store: Store, argv: string[], now: number): Promise<string | null> {
  const [noun, verb, ...rest] = argv;
  if (noun === 'mail' && verb === 'test') {
    const { values } = parseArgs({ args: rest, options: { to: { type: 'string' }, lang: { type: 'string' } } });
    if (!values.to || !isEmailAddress(values.to)) throw new NotifyUsageError('mail test needs --to with a valid address');
    if (!config.notify.smtpUrl) throw new Error('SMTP_URL is not set: nothing can be sent');
    const mailer = createMailer(config.notify.smtpUrl, config.notify.mailFrom);
    try {
      const host = config.notify.publicUrl ? new URL(config.notify.publicUrl).hostname : 'localhost';
      const { response } = await mailer.send({ to: values.to, ...testMail(values.lang === 'en' ? 'en' : 'ar'), headers: {}, messageId: `<test-${now}-${process.pid}@${host}>` });
      return `sent to ${values.to}; the SMTP server answered: ${response}`;
    } finally {
      mailer.close();
    }
  }
  if (noun !== 'webhook' || !verb || !['add', 'list', 'remove'].includes(verb)) return null;
  const [site, ...more] = rest;
  if (!site) throw new NotifyUsageError(`webhook ${verb} needs a site id`);
  if (!(await store.getSite(site))) throw new Error(`no site "${site}"`);
  if (verb === 'add') {
    const { values } = parseArgs({ args: more, options: { url: { type: 'string' }, events: { type: 'string', multiple: true }, private: { type: 'boolean' } } });
    if (!values.url) throw new NotifyUsageError('webhook add needs --url');
    const events = values.events?.flatMap((e) => e.split(',')).map((e) => e.trim()).filter(Boolean);
    const wh = await addWebhook(store, site, { url: values.url, ...(events ? { events } : {}), private: values.private === true }, { allowPrivate: config.notify.webhookAllowPrivate, now });
    return `added webhook ${wh.id} → ${wh.url}\n  events: ${wh.events.join(', ')}${wh.private ? ' (private: with email and IP)' : ''}\n  secret (shown once, keep it): ${wh.secret}`;
  }
  if (verb === 'list') {
    const list = (await store.notify.listWebhooks(site)).map(webhookView);
    return list.length ? list.map((w) => `${w.id}  ${w.url}  ${w.events.join(',')}${w.private ? '  private' : ''}`).join('\n') : `no webhooks on ${site}`;
  }
  if (verb === 'remove') {
    const [id] = more;
    if (!id) throw new NotifyUsageError('webhook remove needs the webhook id');
    if (!(await store.notify.removeWebhook(site, id))) throw new Error(`no webhook "${id}" on ${site}`);
    return `removed webhook ${id}`;
  }
  return null;
}
