/**
 * A file of one format chosen as another is refused by saying what it looks like and which
 * format to choose (server/import/sniff.ts), not as a broken file of the chosen format; and a
 * failure carries a real line or none (null), never 0.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportFormat } from '../server/import/run-import.js';
import { startApp, type TestApp } from './helpers/app.js';
import { login } from './helpers/http.js';
import { allComments, DISQUS_FIXTURE, importText, readFixture, tempStore } from './helpers/import.js';

const MAJLIS = '{"format":"majlis-export","version":1,\n"site":null,\n"pages":[],\n"comments":[]}\n';
const wxr = () => readFixture();
const disqus = () => readFixture(DISQUS_FIXTURE);

async function refusal(format: ImportFormat, text: string, opts: { chunk?: number; locale?: 'ar' | 'en' } = {}) {
  const { store, dispose } = await tempStore();
  try {
    const { ok, summary } = await importText(store, format, text, { chunk: opts.chunk, locale: opts.locale });
    expect(await allComments(store)).toEqual([]);
    return { ok, summary };
  } finally {
    await dispose();
  }
}

describe('a file of another format than the one chosen', () => {
  it('when a Majlis JSON export is chosen as WordPress or Disqus, then it is named JSON with the choice to make, without a line', async () => {
    for (const format of ['wordpress', 'disqus'] as const) {
      const { ok, summary } = await refusal(format, MAJLIS);
      expect(ok, format).toBe(false);
      expect(summary.errors, format).toEqual([{ line: null, what: 'this file is JSON (it starts with "{"), not XML: a Majlis export is JSON — choose the format "Majlis (JSON)" (json) and import it again' }]);
      const ar = await refusal(format, MAJLIS, { locale: 'ar' });
      expect(ar.summary.errors[0]!.what, format).toContain('«مجلس (JSON)»');
      expect(ar.summary.errors[0]!.what).not.toContain('تعذّرت قراءة XML');
    }
  });

  it('when a WordPress export is chosen as JSON or Disqus, then it is named a WordPress export', async () => {
    for (const format of ['json', 'disqus'] as const) {
      const { summary } = await refusal(format, wxr());
      expect(summary.errors, format).toEqual([{ line: null, what: expect.stringContaining('looks like a WordPress export') }]);
      expect(summary.errors[0]!.what).toContain('"WordPress (WXR)" (wordpress)');
      const ar = await refusal(format, wxr(), { locale: 'ar' });
      expect(ar.summary.errors[0]!.what).toContain('«ووردبريس (WXR)»');
      expect(ar.summary.errors[0]!.what).not.toContain('ليس JSON صالحاً');
    }
  });

  it('when a Disqus export is chosen as JSON or WordPress, then it is named a Disqus export', async () => {
    for (const format of ['json', 'wordpress'] as const) {
      const { summary } = await refusal(format, disqus());
      expect(summary.errors, format).toEqual([{ line: null, what: expect.stringContaining('looks like a Disqus export') }]);
    }
  });

  it('when the head hides the root (byte-order mark, blank lines, comments, a DOCTYPE holding ">"), cut in 1-character chunks, then it is still seen', async () => {
    const head = '\uFEFF\n\n  <?xml version="1.0"?>\n<!-- exported -->\n<!DOCTYPE rss [\n<!ENTITY gt2 ">">\n]>\n';
    const { summary } = await refusal('json', head + wxr().replace(/^<\?xml[^>]*\?>/, ''), { chunk: 1 });
    expect(summary.errors[0]!.what).toContain('looks like a WordPress export');
    const json = await refusal('wordpress', `\uFEFF \n\t${MAJLIS}`, { chunk: 1 });
    expect(json.summary.errors[0]!.what).toContain('this file is JSON');
  });

  it('when the file is some other XML chosen as JSON, or neither XML nor JSON, then it says what it is', async () => {
    const html = await refusal('json', '<html><body>x</body></html>');
    expect(html.summary.errors).toEqual([{ line: null, what: expect.stringContaining('this file is XML (its root is <html>), not JSON') }]);
    const csv = await refusal('wordpress', 'id,author,content\n1,a,b\n');
    expect(csv.summary.errors).toEqual([{ line: null, what: 'this file is neither XML nor JSON (it starts with "id,author,co"): it is not an export WordPress, Disqus or Majlis writes' }]);
  });

  it('when the file is the chosen format, then it imports as before', async () => {
    const { store, dispose } = await tempStore();
    try {
      expect((await importText(store, 'wordpress', wxr(), { chunk: 5 })).ok).toBe(true);
      expect((await importText(store, 'disqus', disqus(), { chunk: 3 })).ok).toBe(true);
      expect((await importText(store, 'json', MAJLIS, { chunk: 2 })).ok).toBe(true);
    } finally {
      await dispose();
    }
  });
});

describe('the line of a failure', () => {
  it('when no line applies (no <channel>, no site), then the line is null, never 0', async () => {
    const ns = 'xmlns:wp="http://wordpress.org/export/1.2/"';
    const noChannel = await refusal('wordpress', `<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY a "x">\n]>\n<rss ${ns}>&a;</rss>\n`);
    expect(noChannel.summary.errors).toEqual([{ line: null, what: 'not a WordPress export: no <channel>' }]);
    const noSite = await refusal('wordpress', `<rss ${ns}><channel></channel></rss>`);
    expect(noSite.summary.errors[0]!.line).toBeNull();
  });
});

describe('over HTTP and in the CLI', () => {
  let app: TestApp;
  let cookie: string;
  const dir = mkdtempSync(path.join(tmpdir(), 'majlis-sniff-'));
  beforeAll(async () => {
    app = await startApp();
    cookie = await login(app);
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const upload = async (body: string, format: string, lang?: string) => {
    const res = await fetch(`${app.url}/api/moderation/sites/test/imports?format=${format}`, {
      method: 'POST',
      headers: { cookie, origin: app.url, 'content-type': 'application/octet-stream', ...(lang ? { 'accept-language': lang } : {}) },
      body,
    });
    return { status: res.status, body: (await res.json()) as { imported: number; errors: Array<{ line: number | null; what: string }> } };
  };

  it('when the dashboard uploads a Majlis export as WordPress, then 422 names the choice in Arabic (English on request)', async () => {
    const ar = await upload(MAJLIS, 'wordpress');
    expect(ar.status).toBe(422);
    expect(ar.body.imported).toBe(0);
    expect(ar.body.errors).toEqual([{ line: null, what: expect.stringContaining('اختر الصيغة «مجلس (JSON)»') }]);
    const en = await upload(wxr(), 'json', 'en');
    expect(en.body.errors[0]!.what).toContain('choose "WordPress (WXR)" (wordpress)');
  });

  it('when the CLI imports a file as the wrong format, then it prints what the file looks like, without "line 0"', () => {
    const file = path.join(dir, 'export.json');
    writeFileSync(file, MAJLIS);
    const env = { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'warn', REDIS_URL: '', MONGODB_URI: '' };
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'import', 'wordpress', file, '--site', 'news', '--dry-run'], { env, encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('import failed: nothing was imported');
    expect(r.stdout).toContain('  this file is JSON (it starts with "{"), not XML');
    expect(r.stdout).not.toMatch(/line 0|line null/);
  });
});
