import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import type { Request, Response } from 'express';
import { LRUCache } from 'lru-cache';
import Negotiator from 'negotiator';
import type { EventBus } from '../events/bus.js';
import type { InvalidationChannel } from './invalidation.js';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);
/** Below this, compressing costs more than it saves (the same threshold as the compression middleware). */
const COMPRESS_MIN_BYTES = 1024;
const MAX_ENTRIES = 10_000;

/**
 * One thread page as it goes on the wire: the JSON bytes and their ETag, made once; the
 * gzip and brotli forms are made the first time a client asks for each, then kept.
 */
export interface EncodedPage {
  identity: Buffer;
  /** weak (`W/"…"`): the same for every encoding of these bytes */
  etag: string;
  compressed: { gzip?: Promise<Buffer>; br?: Promise<Buffer> };
}

/** What a page's build gives: serialised JSON (text, or its UTF-8 bytes), or its bytes with an ETag already made for them. */
export type BuiltPage = string | Buffer | { identity: Buffer; etag: string };

/** A built page → its bytes and ETag (a hash of the bytes unless the build made one). */
export function encodePage(built: BuiltPage): EncodedPage {
  if (typeof built === 'object' && !Buffer.isBuffer(built)) return { identity: built.identity, etag: built.etag, compressed: {} };
  const identity = typeof built === 'string' ? Buffer.from(built, 'utf8') : built;
  return { identity, etag: `W/"${createHash('sha1').update(identity).digest('base64url')}"`, compressed: {} };
}

/** gzip at level 6; brotli at quality 5 (a good ratio at a fraction of quality 11's CPU). Off the main thread. */
function compressed(page: EncodedPage, encoding: 'gzip' | 'br'): Promise<Buffer> {
  return (page.compressed[encoding] ??=
    encoding === 'gzip'
      ? gzipAsync(page.identity, { level: 6 })
      : brotliAsync(page.identity, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: page.identity.length } }));
}

/**
 * Sends an encoded page: 304 when If-None-Match matches, else brotli or gzip as the
 * client's Accept-Encoding prefers (identity when it accepts neither or the page is
 * small). The compression middleware sees Content-Encoding already set and leaves the
 * bytes alone.
 */
export async function sendPage(req: Request, res: Response, page: EncodedPage): Promise<void> {
  res.set('Content-Type', 'application/json; charset=utf-8');
  res.set('ETag', page.etag);
  res.vary('Accept-Encoding');
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  const choice = page.identity.length >= COMPRESS_MIN_BYTES ? preferredEncoding(req) : 'identity';
  const bytes = choice === 'br' || choice === 'gzip' ? await compressed(page, choice) : page.identity;
  if (bytes !== page.identity) res.set('Content-Encoding', choice);
  res.set('Content-Length', String(bytes.length));
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

/**
 * What an entry may cost: its JSON and, at most, a compressed form of each kind no
 * bigger than the JSON plus a little framing. Counted up front, so the budget holds
 * however many forms are made later.
 */
const entrySize = (p: EncodedPage, key: string) => p.identity.length * 3 + 2 * 1024 + key.length * 2;

const SERVER_ORDER = ['br', 'gzip', 'identity'];
/** The client's choice by q-value; among equals, brotli before gzip (negotiator's `preferred`, as the compression middleware does). */
function preferredEncoding(req: Request): string | undefined {
  const negotiator = new Negotiator(req) as unknown as { encoding(available: string[], opts: { preferred: string[] }): string | undefined };
  return negotiator.encoding(SERVER_ORDER, { preferred: SERVER_ORDER });
}

interface FetchContext {
  build: () => Promise<BuiltPage>;
  /** the page built for this caller, kept here when it could not be cached */
  built?: EncodedPage;
}

/**
 * Public thread pages kept in memory, bounded in bytes (`maxBytes`, counting the JSON
 * and room for both compressed forms) and entries, least recently used evicted first, each for
 * `ttlMs`. Concurrent misses of one key share one build. A page is dropped the moment a
 * comment of its thread changes in this process, and in other processes through the
 * invalidation channel (Redis pub/sub when configured).
 */
export class ThreadCache {
  private readonly lru: LRUCache<string, EncodedPage, FetchContext> | null;
  /** bumped by every invalidation: a build that overlapped one is served but not cached */
  private generation = 0;

  constructor(bus: EventBus, channel: InvalidationChannel, opts: { ttlMs: number; maxBytes: number }) {
    this.lru =
      opts.ttlMs > 0 && opts.maxBytes > 0
        ? new LRUCache<string, EncodedPage, FetchContext>({
            max: MAX_ENTRIES,
            maxSize: opts.maxBytes,
            sizeCalculation: entrySize,
            ttl: opts.ttlMs,
            fetchMethod: async (_key, _stale, { context }) => {
              const gen = this.generation;
              const page = encodePage(await context.build());
              context.built = page;
              return gen === this.generation ? page : undefined;
            },
          })
        : null;
    const changed = (c: { site: string; page: string }) => {
      this.dropPage(c.site, c.page);
      channel.publish({ kind: 'page', site: c.site, page: c.page });
    };
    // A held comment changes no public page; an approved one (a moderator's own) does.
    bus.subscribe('comment:created', (c) => {
      if (c.status === 'approved') changed(c);
    });
    bus.subscribe('comment:status-changed', changed);
    bus.subscribe('page:updated', changed);
    // [issue 14] whatever changes a public body: edits (author or moderator), author deletions,
    // likes, featured picks; reports that hold a comment come as status changes
    bus.subscribe('comment:edited', changed);
    bus.subscribe('comment:author-deleted', changed);
    bus.subscribe('comment:reactions', changed);
    bus.subscribe('comment:featured', changed);
    // An import adds comments to many pages at once: each of them is stale here and in every other process.
    bus.subscribe('site:imported', ({ site, pages }) => pages.forEach((page) => changed({ site, page })));
    channel.subscribe((msg) => {
      if (msg.kind === 'page') this.dropPage(msg.site, msg.page);
      // Settings shape the answer (threadDepth, closeAfterDays…): forget every page.
      else if (msg.kind === 'sites') this.clear();
    });
  }

  static key(site: string, page: string, rest: string): string {
    return `${site}\u0000${page}\u0000${rest}`;
  }

  /** The cached page for `key`, or `build()`'s JSON encoded (and cached when caching is on). */
  async get(key: string, build: () => Promise<BuiltPage>): Promise<EncodedPage> {
    if (!this.lru) return encodePage(await build());
    const context: FetchContext = { build };
    const page = await this.lru.fetch(key, { context });
    return page ?? context.built ?? encodePage(await build());
  }

  /** Bytes held now, as counted against the budget (for tests and metrics). */
  get sizeBytes(): number {
    return this.lru?.calculatedSize ?? 0;
  }

  get entries(): number {
    return this.lru?.size ?? 0;
  }

  private dropPage(site: string, page: string): void {
    this.generation++;
    if (!this.lru) return;
    const prefix = `${site}\u0000${page}\u0000`;
    for (const k of [...this.lru.keys()]) if (k.startsWith(prefix)) this.lru.delete(k);
  }

  private clear(): void {
    this.generation++;
    this.lru?.clear();
  }
}
