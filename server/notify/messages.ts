import type { Site, StoredComment } from '../domain/types.js';
import type { Locale } from '../i18n/locale.js';
import { renderReason } from '../i18n/reasons.js';
import { bdi, button, escapeHtml, htmlDocument, isolate, paragraphs, quoteText } from './html.js';
import { commentLink, dashboardLink, moderateLink, pageLink, type LinkBase } from './links.js';
import { countHeld, t } from './strings.js';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

const titleOf = (c: StoredComment) => c.pageTitle ?? c.page;
const comma = (locale: Locale) => (locale === 'ar' ? '، ' : ', ');
const ACTIONS = ['approve', 'spam', 'trash'] as const;
const COLOURS = { approve: '#1e7d32', spam: '#b26a00', trash: '#b3261e' } as const;

/** The block describing one held comment with its action links (used by the single mail and the digest). */
function heldBlock(locale: Locale, base: LinkBase, site: Site | null, c: StoredComment, tag: string, now: number) {
  const link = pageLink(site, c);
  const reasons = c.reasons.map((r) => renderReason(r, locale));
  const links = ACTIONS.map((a) => ({ a, href: moderateLink(base, c, a, tag, now) }));
  const rows: Array<[string, string, string]> = [
    [t(locale, 'page'), link ? `<a href="${escapeHtml(link)}">${bdi(titleOf(c))}</a>` : bdi(titleOf(c)), `${isolate(titleOf(c))}${link ? ` <${link}>` : ''}`],
    [t(locale, 'name'), bdi(c.authorName), isolate(c.authorName)],
    // An imported comment may have no email or IP, and retention clears IPs of old held ones: «—», never a bare label.
    [t(locale, 'email'), c.authorEmail ? bdi(c.authorEmail) : t(locale, 'none'), c.authorEmail ? isolate(c.authorEmail) : t(locale, 'none')],
    [t(locale, 'website'), c.authorUrl ? bdi(c.authorUrl) : t(locale, 'none'), c.authorUrl ? isolate(c.authorUrl) : t(locale, 'none')],
    [t(locale, 'ip'), c.ip ? bdi(c.ip) : t(locale, 'none'), c.ip ? isolate(c.ip) : t(locale, 'none')],
    [t(locale, 'reasons'), reasons.length ? reasons.map(bdi).join(comma(locale)) : t(locale, 'none'), reasons.length ? reasons.map(isolate).join(comma(locale)) : t(locale, 'none')],
  ];
  const html = `<table role="presentation" style="border-collapse:collapse;margin:8px 0">${rows
    .map(([k, v]) => `<tr><th style="text-align:start;padding:2px 8px;color:#555;font-weight:normal">${escapeHtml(k)}</th><td style="padding:2px 8px">${v}</td></tr>`)
    .join('')}</table>
<div style="border-inline-start:4px solid #ccc;padding-inline-start:12px;margin:8px 0">${paragraphs(c.content)}</div>
<p>${links.map(({ a, href }) => button(href, t(locale, a), COLOURS[a])).join(' ')}</p>
<p><a href="${escapeHtml(dashboardLink(base, c))}">${escapeHtml(t(locale, 'open_dashboard'))}</a></p>`;
  const text = `${rows.map(([k, , v]) => `${k}: ${v}`).join('\n')}
${t(locale, 'text')}:
${quoteText(c.content)}

${links.map(({ a, href }) => `${t(locale, a)}: ${href}`).join('\n')}
${t(locale, 'open_dashboard')}: ${dashboardLink(base, c)}`;
  return { html, text };
}

/** One held comment, to one moderator (`tag` names the recipient in the links' tokens). */
export function heldMail(locale: Locale, base: LinkBase, site: Site | null, c: StoredComment, tag: string, now: number): MailContent {
  const block = heldBlock(locale, base, site, c, tag, now);
  const subject = t(locale, 'held_subject', { site: isolate(c.site), title: isolate(titleOf(c)) });
  const intro = t(locale, 'held_intro', { title: isolate(titleOf(c)) });
  const html = htmlDocument(
    locale,
    subject,
    `<h1 style="font-size:20px">${escapeHtml(t(locale, 'held_heading'))}</h1>
<p>${escapeHtml(t(locale, 'held_intro', { title: '\u0000' })).replace('\u0000', bdi(titleOf(c)))}</p>
${block.html}
<p style="color:#666;font-size:13px">${escapeHtml(t(locale, 'links_note'))}</p>`,
  );
  return { subject, html, text: `${t(locale, 'held_heading')}\n\n${intro}\n\n${block.text}\n\n${t(locale, 'links_note')}\n` };
}

/** The digest of one period: the count in the right plural form, then each comment still held. */
export function digestMail(locale: Locale, base: LinkBase, site: Site | null, comments: StoredComment[], tag: string, now: number): MailContent {
  const count = countHeld(locale, comments.length);
  const subject = t(locale, 'digest_subject', { site: isolate(site?.id ?? comments[0]?.site ?? ''), count });
  const blocks = comments.map((c) => heldBlock(locale, base, site, c, tag, now));
  const html = htmlDocument(
    locale,
    subject,
    `<h1 style="font-size:20px">${escapeHtml(count)}</h1>
${blocks.map((b) => `<hr style="border:0;border-top:1px solid #ddd">${b.html}`).join('\n')}
<p style="color:#666;font-size:13px">${escapeHtml(t(locale, 'links_note'))}</p>`,
  );
  const text = `${t(locale, 'digest_heading')}: ${count}\n\n${blocks.map((b) => b.text).join('\n\n----\n\n')}\n\n${t(locale, 'links_note')}\n`;
  return { subject, html, text };
}

/** Double opt-in: one message with a link to a page whose button confirms. */
export function confirmMail(locale: Locale, c: StoredComment, confirmUrl: string, unsubscribeUrl: string): MailContent {
  const subject = t(locale, 'confirm_subject');
  const html = htmlDocument(
    locale,
    subject,
    `<h1 style="font-size:20px">${escapeHtml(t(locale, 'confirm_heading'))}</h1>
<p>${escapeHtml(t(locale, 'confirm_intro', { title: '\u0000' })).replace('\u0000', bdi(titleOf(c)))}</p>
<p>${button(confirmUrl, t(locale, 'confirm_button'))}</p>
<p style="color:#666;font-size:13px">${escapeHtml(t(locale, 'confirm_ignore'))}</p>
<p style="color:#666;font-size:13px"><a href="${escapeHtml(unsubscribeUrl)}">${escapeHtml(t(locale, 'unsubscribe_link'))}</a></p>`,
  );
  const text = `${t(locale, 'confirm_heading')}

${t(locale, 'confirm_intro', { title: isolate(titleOf(c)) })}

${t(locale, 'confirm_button')}: ${confirmUrl}

${t(locale, 'confirm_ignore')}
${t(locale, 'unsubscribe_link')}: ${unsubscribeUrl}
`;
  return { subject, html, text };
}

/** A reply to a reader's comment: who replied (name only), the reply's text, and where it is. */
export function replyMail(locale: Locale, site: Site | null, parent: StoredComment, reply: StoredComment, unsubscribeUrl: string): MailContent {
  const subject = t(locale, 'reply_subject', { title: isolate(titleOf(parent)) });
  const link = commentLink(site, reply);
  const html = htmlDocument(
    locale,
    subject,
    `<h1 style="font-size:20px">${escapeHtml(t(locale, 'reply_heading'))}</h1>
<p>${escapeHtml(t(locale, 'reply_intro', { name: '\u0000', title: '\u0001' })).replace('\u0000', bdi(reply.authorName)).replace('\u0001', bdi(titleOf(parent)))}</p>
<div style="border-inline-start:4px solid #ccc;padding-inline-start:12px;margin:8px 0">${paragraphs(reply.content)}</div>
${link ? `<p>${button(link, t(locale, 'reply_open'))}</p>` : ''}
<p style="color:#666;font-size:13px">${escapeHtml(t(locale, 'reply_footer'))} <a href="${escapeHtml(unsubscribeUrl)}">${escapeHtml(t(locale, 'unsubscribe_link'))}</a></p>`,
  );
  const text = `${t(locale, 'reply_intro', { name: isolate(reply.authorName), title: isolate(titleOf(parent)) })}

${quoteText(reply.content)}
${link ? `\n${t(locale, 'reply_open')}: ${link}\n` : ''}
--
${t(locale, 'reply_footer')}
${t(locale, 'unsubscribe_link')}: ${unsubscribeUrl}
`;
  return { subject, html, text };
}

export function testMail(locale: Locale): MailContent {
  const subject = t(locale, 'test_subject');
  return { subject, text: `${t(locale, 'test_body')}\n`, html: htmlDocument(locale, subject, `<p>${escapeHtml(t(locale, 'test_body'))}</p>`) };
}
