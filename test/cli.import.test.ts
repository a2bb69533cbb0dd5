import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WXR_FIXTURE } from './helpers/import.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'majlis-cli-import-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', REDIS_URL: '', MONGODB_URI: '' };
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { env, encoding: 'utf8', timeout: 120_000 });

describe('CLI import and export', () => {
  it('when imported with --json, then standard output is exactly one JSON object with the summary', () => {
    const dry = cli('import', 'wordpress', WXR_FIXTURE, '--site', 'news', '--dry-run', '--json');
    expect(dry.status).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ imported: 52, skipped: 4 });
    const r = cli('import', 'wordpress', WXR_FIXTURE, '--site', 'news', '--json');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toEqual({
      imported: 52,
      skipped: 4,
      pages: 3,
      byStatus: { approved: 39, pending: 9, spam: 0, trash: 4 },
      orphans: 1,
      repaired: [],
      errors: [],
    });
    const again = cli('import', 'wordpress', WXR_FIXTURE, '--site', 'news', '--json', '--with-pings');
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: 4, skipped: 52 });
  });

  it('when run through npm with --silent, then standard output is still exactly the JSON object', () => {
    const r = spawnSync('npm', ['run', '--silent', 'cli', '--', 'import', 'wordpress', WXR_FIXTURE, '--site', 'npm', '--dry-run', '--json'], {
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ imported: 52 });
  });

  it('when imported without --json, then a readable summary is printed; a broken file exits 1 naming the line', () => {
    const r = cli('import', 'wordpress', WXR_FIXTURE, '--site', 'plain', '--dry-run');
    expect(r.stdout).toMatch(/^dry run, nothing written: would import 52 comments on 3 pages \(approved 39, pending 9, spam 0, trash 4\)/);
    const broken = path.join(dataDir, 'broken.xml');
    writeFileSync(broken, readFileSync(WXR_FIXTURE, 'utf8').replace('</channel>', ''));
    const bad = cli('import', 'wordpress', broken, '--site', 'plain', '--json');
    expect(bad.status).toBe(1);
    const summary = JSON.parse(bad.stdout);
    expect(summary.imported).toBe(0);
    expect(summary.errors[0].line).toBeGreaterThan(900);
    expect(summary.errors[0].detail).toMatch(/[a-z]/);
    const human = cli('import', 'wordpress', broken, '--site', 'plain');
    expect(human.stdout).toMatch(/\n {2}line \d+: the XML cannot be read: [^\n]+\n {4}parser: \S/);
  });

  it('when the arguments are wrong, then the error says what is missing and exits non-zero', () => {
    const noSite = cli('import', 'wordpress', WXR_FIXTURE);
    expect(noSite.status).toBe(1);
    expect(noSite.stderr).toMatch(/--site/);
    const noFile = cli('import', 'disqus', path.join(dataDir, 'missing.xml'), '--site', 'x');
    expect(noFile.stderr).toMatch(/cannot read .*ENOENT/);
    const help = cli('help');
    expect(help.stdout).toMatch(/import wordpress FILE --site S/);
    expect(help.stdout).toMatch(/export --site S \[--format json\|wxr\] \[--out FILE\]/);
  });

  it('when exported, then JSON goes to standard output and WXR to --out', () => {
    const json = cli('export', '--site', 'news');
    expect(json.status).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(doc).toMatchObject({ format: 'majlis-export', version: 1, site: { id: 'news' } });
    expect(doc.comments).toHaveLength(56);
    const out = path.join(dataDir, 'news.xml');
    const wxr = cli('export', '--site', 'news', '--format', 'wxr', '--out', out);
    expect(wxr.status).toBe(0);
    expect(wxr.stdout).toBe('');
    expect(readFileSync(out, 'utf8').match(/<wp:comment>/g)).toHaveLength(56);
  });

  it('when standard error is a terminal, then the import shows a progress bar with rate and time left', () => {
    const cmd = `${JSON.stringify(process.execPath)} --import tsx server/cli.ts import wordpress ${JSON.stringify(WXR_FIXTURE)} --site tty --dry-run --json`;
    const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { env, encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/importing \[.*\] 100% \| \d+ comments \| \d+ comments\/s \| time left/);
    const piped = cli('import', 'wordpress', WXR_FIXTURE, '--site', 'tty', '--dry-run', '--json');
    expect(piped.stderr).not.toMatch(/importing/);
  });
});
