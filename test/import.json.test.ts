/**
 * Majlis's own JSON export is read as a stream (server/import/json.ts), as WXR and Disqus are:
 * a broken or hostile file is refused with the line it breaks at, whatever the chunks, and a
 * large one uploaded to a running server leaves it answering meanwhile.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateMajlisJson } from '../bench/import.js';
import type { Store } from '../server/store/port.js';
import { startApp, type TestApp } from './helpers/app.js';
import { login, request } from './helpers/http.js';
import { allComments, importText, tempStore } from './helpers/import.js';

const SMALL = 300;
const work = mkdtempSync(path.join(tmpdir(), 'majlis-import-json-'));
let small = '';
beforeAll(async () => {
  await generateMajlisJson(path.join(work, 'small.json'), SMALL);
  small = readFileSync(path.join(work, 'small.json'), 'utf8');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The line (1-based) of the file holding comment `id`: the export writes one comment per line. */
const lineOf = (text: string, id: string) => text.split('\n').findIndex((l) => l.includes(`{"id":"${id}"`)) + 1;
const withLine = (text: string, line: number, edit: (l: string) => string) =>
  text
    .split('\n')
    .map((l, i) => (i === line - 1 ? edit(l) : l))
    .join('\n');

describe('reading a Majlis JSON export', () => {
  const stores: Array<{ dispose(): Promise<void> }> = [];
  const fresh = async () => {
    const s = await tempStore('blog');
    stores.push(s);
    return s.store;
  };
  afterEach(async () => {
    while (stores.length) await stores.pop()!.dispose();
  });
  const nothingImported = async (store: Store) => expect(await allComments(store)).toEqual([]);

  it('when the export is read in chunks of any size, with a byte-order mark, then every comment is imported as written and progress counts them', async () => {
    for (const chunk of [1 << 16, 977, 7]) {
      const store = await fresh();
      const seen: number[] = [];
      const { ok, summary } = await importText(store, 'json', `\uFEFF${small}`, { chunk, onProgress: (_c, n) => seen.push(n) });
      expect(ok, JSON.stringify(summary.errors)).toBe(true);
      expect(summary).toMatchObject({ imported: SMALL, pages: SMALL / 100, errors: [] });
      expect(Math.max(...seen)).toBe(SMALL);
      // emoji cut in half by a chunk boundary come out whole
      const written = new Map((await allComments(store)).map((c) => [c.source?.id, c.content]));
      for (const c of JSON.parse(small).comments as Array<{ source: { id: string }; content: string }>) expect(written.get(c.source.id)).toBe(c.content);
    }
  });

  it('when the JSON breaks on a line after Arabic text, then it is refused as unreadable naming that line, and nothing is imported', async () => {
    const line = lineOf(small, 'c00000250');
    const broken = withLine(small, line, (l) => l.replace('"status":', '"status"'));
    for (const chunk of [977, 4096]) {
      const store = await fresh();
      const { ok, summary } = await importText(store, 'json', broken, { chunk });
      expect(ok).toBe(false);
      expect(summary.errors).toEqual([{ line, what: expect.stringContaining('not valid JSON'), detail: expect.any(String) }]);
      await nothingImported(store);
    }
    // cut in the middle of a comment: the last line is named
    const cut = small.slice(0, small.indexOf('{"id":"c00000100"') + 40);
    const { summary } = await importText(await fresh(), 'json', cut);
    expect(summary.errors).toEqual([{ line: lineOf(small, 'c00000100'), what: expect.stringContaining('not valid JSON'), detail: expect.any(String) }]);
  });

  it('when a comment lacks its date, then it alone is left out with a note naming its line', async () => {
    const line = lineOf(small, 'c00000201');
    const text = withLine(small, line, (l) => l.replace(/"createdAt":"[^"]*",/, ''));
    const { ok, summary } = await importText(await fresh(), 'json', text, { chunk: 977 });
    expect(ok).toBe(true);
    expect(summary.imported).toBe(SMALL - 1);
    expect(summary.errors).toEqual([{ line, what: 'comment c00000201 has no valid createdAt or status: not imported' }]);
  });

  it('when a value inside a comment is nested deeper than 16 levels (or 100,000), then the file is refused as too deep at that line, and nothing is imported', async () => {
    const line = lineOf(small, 'c00000150');
    for (const depth of [40, 100_000]) {
      const deep = withLine(small, line, (l) => l.replace('"reasons":[', `"reasons":[{"code":"x","params":{"p":${'['.repeat(depth)}${']'.repeat(depth)}}},`));
      const store = await fresh();
      const { ok, summary } = await importText(store, 'json', deep, { chunk: 4096 });
      expect(ok).toBe(false);
      expect(summary.errors).toEqual([{ line, what: expect.stringContaining('nested too deeply') }]);
      await nothingImported(store);
    }
  });

  it('when a large file is read from chunks all at hand (nothing to wait for between them), then other work gets turns all along, and a break on its last line is still found', async () => {
    const file = path.join(work, 'at-hand.json');
    await generateMajlisJson(file, 20_000);
    const text = readFileSync(file, 'utf8');
    const last = text.trimEnd().split('\n').length - 1; // the last comment's line, before "]}"
    const broken = withLine(text, last, (l) => l.replace('"source":', '"source"'));
    let turns = 0;
    let reading = true;
    const other = () => {
      turns += 1;
      if (reading) setImmediate(other);
    };
    setImmediate(other);
    const store = await fresh();
    const { summary } = await importText(store, 'json', broken, { chunk: 1 << 16 });
    reading = false;
    expect(summary.errors).toEqual([{ line: last, what: expect.stringContaining('not valid JSON'), detail: expect.stringMatching(/^Unexpected /) }]);
    expect(turns).toBeGreaterThan(5);
    await nothingImported(store);
  });

  it('when "format" and "version" come after the comments (a hand-edited file) or "format" is missing, then a wrong or missing format or version is refused with nothing imported, and the right ones import', async () => {
    const head = /^\{"format":"majlis-export","version":1,/;
    expect(small).toMatch(head);
    const moved = (format: string, version: string) => small.replace(head, '{').replace(/\]\}\n$/, `],\n"version":${version},"format":${format}}\n`);
    const other = await fresh();
    expect((await importText(other, 'json', moved('"other-tool"', '1'))).summary.errors).toEqual([{ line: 1, what: 'not a Majlis export (no "format": "majlis-export")' }]);
    await nothingImported(other);
    const without = await fresh();
    expect((await importText(without, 'json', small.replace(head, '{"version":1,'))).summary.errors).toEqual([{ line: 1, what: 'not a Majlis export (no "format": "majlis-export")' }]);
    await nothingImported(without);
    const later = await fresh();
    expect((await importText(later, 'json', moved('"majlis-export"', '2'))).summary.errors).toEqual([
      { line: 1, what: 'Majlis export version 2 is not supported (this Majlis reads version 1)' },
    ]);
    await nothingImported(later);
    const right = await fresh();
    expect((await importText(right, 'json', moved('"majlis-export"', '1'), { chunk: 977 })).summary).toMatchObject({ imported: SMALL, errors: [] });
  });
});

/** 300 ms, scaled by how oversubscribed the machine is (as import.chunks.test.ts): a whole-file parse blocks for far longer. */
const stallBound = () => 300 * Math.max(1, loadavg()[0]! / availableParallelism());

describe('a large JSON export uploaded to a running server', () => {
  const LARGE = 60_000;
  const file = path.join(work, 'large.json');
  let app: TestApp;
  let cookie: string;
  beforeAll(async () => {
    await generateMajlisJson(file, LARGE);
    app = await startApp();
    cookie = await login(app);
  }, 60_000);
  afterAll(() => app?.close());

  it('when 60,000 comments are uploaded, then every one is imported, and pages are read meanwhile without the event loop ever stalling 300 ms (scaled by machine load)', async () => {
    const histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
    let done = false;
    const upload = fetch(`${app.url}/api/moderation/sites/test/imports?format=json`, {
      method: 'POST',
      headers: { cookie, origin: app.url, 'content-type': 'application/json' },
      body: readFileSync(file),
    })
      .then(async (res) => ({ status: res.status, body: (await res.json()) as { imported: number; errors: unknown[] } }))
      .finally(() => (done = true));
    let reads = 0;
    let slowest = 0;
    while (!done) {
      const started = performance.now();
      const read = await request(app, 'GET', '/api/comments?site=test&page=%2Fduring-import');
      slowest = Math.max(slowest, performance.now() - started);
      expect(read.status).toBe(200);
      reads += 1;
      await sleep(20);
    }
    const res = await upload;
    await sleep(30); // the timers' next turn measures a block that ended with the upload
    histogram.disable();
    const seen = JSON.stringify({ stallMs: histogram.max / 1e6, bound: stallBound(), slowestReadMs: slowest, reads, load: loadavg()[0] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ imported: LARGE, errors: [] });
    expect(reads, seen).toBeGreaterThan(1);
    expect(histogram.max / 1e6, seen).toBeLessThan(stallBound());
  }, 180_000);
});
