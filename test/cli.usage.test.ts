import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

/** What the CLI prints around an error: the error, then the usage of that one command, not all of them. */
const dataDir = mkdtempSync(path.join(tmpdir(), 'majlis-cli-usage-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', REDIS_URL: '', MONGODB_URI: '', SMTP_URL: '' };

const cli = (...args: string[]) => runCli(env, ...args);

/** The usage lines ("npm run cli -- …") a text holds, as their command words. */
const usageLines = (text: string) => text.split('\n').filter((l) => l.includes('npm run cli -- ') && !l.includes(' help'));

describe('CLI errors and usage', () => {
  it('when an argument is missing or a flag value is bad, then the error is followed by the usage of that command only', async () => {
    const cases: [string[], RegExp, string][] = [
      [['import', 'wordpress'], /import wordpress needs a FILE/, 'import wordpress'],
      [['import', 'disqus', 'x.xml', '--site', 'news', '--page-key', 'slug'], /--page-key must be link or identifier/, 'import disqus'],
      [['export', '--site', 'news', '--format', 'csv'], /--format must be json or wxr/, 'export'],
      [['moderator', 'set'], /moderator set needs --email/, 'moderator set'],
      [['moderator', 'add', '--email', 'a@example.com', '--password', 'long-password', '--role', 'owner'], /--role must be admin or moderator/, 'moderator add'],
      [['mail', 'test'], /mail test needs --to/, 'mail test'],
      [['webhook', 'add'], /webhook add needs a site id/, 'webhook add'],
      [['site', 'set'], /site set needs a site id/, 'site set'],
    ];
    for (const [args, error, command] of cases) {
      const r = await cli(...args);
      expect(r.status, args.join(' ')).toBe(1);
      const [first, ...rest] = r.stderr.trimEnd().split('\n');
      expect(first, args.join(' ')).toMatch(error);
      const lines = usageLines(rest.join('\n'));
      expect(lines.length, `${args.join(' ')}:\n${r.stderr}`).toBeGreaterThan(0);
      for (const line of lines) expect(line, args.join(' ')).toContain(`npm run cli -- ${command}`);
      expect(r.stderr, args.join(' ')).toContain('npm run cli -- help');
    }
  });

  it('when a flag is unknown or lacks its value, then the error names it and the usage of that command follows', async () => {
    const unknown = await cli('site', 'add', '--id', 'news', '--orign', 'https://news.example');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^error: .*--orign/);
    expect(usageLines(unknown.stderr)).toEqual([expect.stringContaining('npm run cli -- site add')]);
    const noValue = await cli('moderator', 'passwd', '--email');
    expect(noValue.status).toBe(1);
    expect(noValue.stderr).toMatch(/^error: .*--email/);
    expect(usageLines(noValue.stderr)).toEqual([expect.stringContaining('npm run cli -- moderator passwd')]);
  });

  it('when the sub-command of a known command is unknown, then the usage of that command family follows', async () => {
    const r = await cli('moderator', 'promote');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: unknown command "moderator promote"/);
    const lines = usageLines(r.stderr);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(line).toContain('npm run cli -- moderator ');
  });

  it('when the error is not about usage (no such moderator), then only the error is printed', async () => {
    const r = await cli('moderator', 'remove', '--email', 'nobody@example.com');
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('error: no moderator with the email nobody@example.com');
  });

  it('when there is no command, an unknown one or --help, then the whole usage is printed', async () => {
    const none = await cli();
    expect(none.status).toBe(1);
    expect(usageLines(none.stderr).length).toBeGreaterThan(15);
    const unknown = await cli('frobnicate');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^error: unknown command "frobnicate"/);
    expect(usageLines(unknown.stderr).length).toBeGreaterThan(15);
    for (const flag of ['--help', 'help']) {
      const help = await cli(flag);
      expect(help.status, flag).toBe(0);
      expect(usageLines(help.stdout).length, flag).toBeGreaterThan(15);
      expect(help.stderr, flag).toBe('');
    }
  });

  it('when --help follows a command, then that command’s usage is printed and the exit code is 0', async () => {
    const r = await cli('import', 'disqus', '--help');
    expect(r.status).toBe(0);
    expect(usageLines(r.stdout)).toEqual([expect.stringContaining('npm run cli -- import disqus')]);
  });

  it('when the import format is misspelt, then it is named as unknown with the closest one, not as missing', async () => {
    const r = await cli('import', 'wordpres', 'x.xml', '--site', 'news');
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('error: unknown format «wordpres» (did you mean wordpress?); choose wordpress|disqus|json');
    expect(r.stderr).not.toContain('needs a format');
    const far = await cli('import', 'csv', 'x.csv', '--site', 'news');
    expect(far.stderr.split('\n')[0]).toBe('error: unknown format «csv»; choose wordpress|disqus|json');
    const none = await cli('import');
    expect(none.stderr.split('\n')[0]).toMatch(/^error: import needs a format: wordpress\|disqus\|json/);
    const command = await cli('moderater', 'list');
    expect(command.stderr.split('\n')[0]).toBe('error: unknown command "moderater list" (did you mean moderator?)');
  });

  it('when several arguments are wrong, then every one is reported at once, then the usage', async () => {
    const errors = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('error: '));
    const add = await cli('moderator', 'add', '--email', 'x@y', '--password', 'short', '--role', 'owner');
    expect(add.status).toBe(1);
    expect(errors(add.stderr)).toEqual([
      'error: --email "x@y" is not a valid email address',
      'error: --password must be at least 8 characters',
      'error: --role must be admin or moderator',
    ]);
    expect(usageLines(add.stderr)).toEqual([expect.stringContaining('npm run cli -- moderator add')]);
    const missing = await cli('moderator', 'add');
    expect(errors(missing.stderr)).toEqual(['error: moderator add needs --email', 'error: moderator add needs --password']);
    const site = await cli('site', 'add', '--id', 'bad id', '--origin', 'nope');
    expect(errors(site.stderr)).toHaveLength(2);
    const imp = await cli('import', 'wordpres', 'x.xml', '--page-key', 'slug');
    expect(errors(imp.stderr)).toEqual([
      'error: unknown format «wordpres» (did you mean wordpress?); choose wordpress|disqus|json',
      'error: import needs --site S (1–64 letters, digits, "-" or "_")',
      'error: --page-key must be link or identifier',
    ]);
    const exp = await cli('export', '--format', 'wxrr');
    expect(errors(exp.stderr)).toEqual(['error: export needs --site S', 'error: --format must be json or wxr: unknown format «wxrr» (did you mean wxr?); choose json|wxr']);
  });
});
