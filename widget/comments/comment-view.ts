import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { fullDate, relativeTime } from '../shared/time.js';
import { absolute } from './api.js';
import { fillText, type Strings } from './i18n/index.js';
import { isHttp, linkifyLines, REL } from './linkify.js';
import type { ThreadNode } from './thread.js';
import type { PublicComment, ShownComment } from './types.js';

/**
 * What the reader-actions chunk (reader/, loaded after first paint) adds to each
 * comment; absent until it has loaded, and first paint shows none of it.
 */
export interface CommentExtras {
  /** the inline edit form in place of the text while the reader edits this comment */
  editor(c: ShownComment): TemplateResult | undefined;
  /** like, copy link, report, edit and delete */
  actions(c: ShownComment): TemplateResult | typeof nothing;
}

/** The comment's own address: the page as the reader has it, with `#comment-<id>` (as WordPress links comments). */
export const permalink = (id: string) => new URL(`#comment-${id}`, location.href).href;

/** What one comment needs from the widget to render itself. */
export interface ViewContext {
  s: Strings;
  tag: string;
  now: number;
  maxDepth: number;
  closed: boolean;
  replyTo: string | null;
  fresh: ReadonlySet<string>;
  /** the comment a permalink pointed to, highlighted briefly */
  linked: string | null;
  extras?: CommentExtras;
  reply(id: string): void;
  /** The reply form, rendered under the comment being answered. */
  form(): TemplateResult;
}

/**
 * The text, one block per line, each taking its own direction (`dir="auto"`):
 * an English line followed by an Arabic one lays each out its own way, with its
 * final period on its own side. Empty lines keep their height.
 */
function paragraphs(text: string, links: PublicComment['links']): TemplateResult[] {
  return linkifyLines(text, links).map((parts) => html`<div dir="auto">${parts}</div>`);
}

/** One comment with its replies, WordPress order: header, text, reply button, reply form, children. */
export function commentView(node: ThreadNode, ctx: ViewContext): TemplateResult {
  const { comment: c, depth, children } = node;
  const { s, tag } = ctx;
  const name = html`<bdi>${c.author.name}</bdi>`;
  const canReply = !ctx.closed && !c.pending && !c.deleted && depth < ctx.maxDepth;
  const cls = `comment${c.pending ? ' pending' : ''}${ctx.fresh.has(c.id) ? ' fresh' : ''}${ctx.linked === c.id ? ' linked' : ''}`;
  const time = html`<time datetime=${c.createdAt} title=${fullDate(tag, c.createdAt)}>${relativeTime(tag, c.createdAt, ctx.now)}</time>`;
  // A comment its author deleted, kept for its replies: a placeholder, nothing of what it said or who said it.
  if (c.deleted) {
    return html`<li>
      <article part="comment" class="comment deleted" id=${`c-${c.id}`} data-id=${c.id} tabindex="-1">
        <p class="muted">${s.deleted}</p>
      </article>
      ${children.length ? html`<ol class="children">${repeat(children, (n) => n.comment.id, (n) => commentView(n, ctx))}</ol>` : nothing}
    </li>`;
  }
  return html`<li>
    <article part="comment" class=${cls} id=${`c-${c.id}`} data-id=${c.id} tabindex="-1">
      <img class="avatar" src=${absolute(c.author.avatar)} alt="" width="40" height="40" loading="lazy" decoding="async" />
      <div class="body">
        <header>
          <span part="author" class="author">${isHttp(c.author.url) ? html`<a href=${c.author.url} rel=${REL}>${name}</a>` : name}</span>
          ${c.pending ? time : html`<a part="permalink" class="permalink" href=${permalink(c.id)}>${time}</a>`}
          ${c.editedAt ? html`<span class="muted">${s.edited}</span>` : nothing}
        </header>
        ${c.pending ? html`<p part="notice" class="awaiting">${s.awaiting}</p>` : nothing}
        ${ctx.extras?.editor(c) ?? html`<div part="content" class="content">${paragraphs(c.content, c.links)}</div>`}
        <div class="actions">
          ${canReply
            ? html`<button part="reply" class="reply" type="button" aria-label=${fillText(s.replyTo, { name: c.author.name })}
                aria-expanded=${ctx.replyTo === c.id ? 'true' : 'false'} @click=${() => ctx.reply(c.id)}>${s.reply}</button>`
            : nothing}
          ${ctx.extras?.actions(c) ?? nothing}
        </div>
      </div>
    </article>
    ${ctx.replyTo === c.id ? ctx.form() : nothing}
    ${children.length
      ? html`<ol class="children">${repeat(children, (n) => n.comment.id, (n) => commentView(n, ctx))}</ol>`
      : nothing}
  </li>`;
}
