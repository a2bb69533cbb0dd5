import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { openStore } from '../server/store/index.js';

/** Issue 13 point 6 in the CLI: moderators with sites (add, set, list) and sites (list, origins). */
const dataDir = mkdtempSync(path.join(tmpdir(), 'majlis-cli-g-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', REDIS_URL: '', MONGODB_URI: '' };

const cli = (...args: string[]) => runCli(env, ...args);

describe('moderator and site commands', () => {
  it('when a moderator is added with sites and then re-scoped, then list shows it, the store holds it and their sessions end', async () => {
    expect((await cli('site', 'add', '--id', 'news')).status).toBe(0);
    expect((await cli('site', 'add', '--id', 'blog')).status).toBe(0);
    const unknown = await cli('moderator', 'add', '--email', 'x@example.com', '--password', 'long-password', '--sites', 'news,nowhere');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('no site "nowhere"');
    const add = await cli('moderator', 'add', '--email', 'Lina@Example.com', '--password', 'long-password', '--name', 'لينا', '--sites', 'news');
    expect(add.status).toBe(0);
    expect(add.stdout).toContain('sites: news');

    const store = await openStore({ dataDir });
    const lina = (await store.findModeratorByEmail('lina@example.com'))!;
    expect(lina.sites).toEqual(['news']);
    await store.createSession({ id: 's-lina', moderatorId: lina.id, createdAt: Date.now(), expiresAt: Date.now() + 3_600_000 });
    await store.close();

    const set = await cli('moderator', 'set', '--email', 'lina@example.com', '--sites', 'news,blog');
    expect(set.status).toBe(0);
    expect(set.stdout).toContain('their sessions were ended');
    const list = await cli('moderator', 'list');
    expect(list.stdout).toMatch(/lina@example\.com\tmoderator\tnews,blog\tلينا/);
    const bad = await cli('moderator', 'set', '--email', 'lina@example.com', '--role', 'owner');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('role: The role must be admin or moderator.');

    const again = await openStore({ dataDir });
    expect((await again.getModerator(lina.id))!.sites).toEqual(['news', 'blog']);
    expect(await again.getSession('s-lina', Date.now())).toBeNull();
    await again.close();
  }, 120_000);

  it('when a site gets new origins, then they replace the old ones; site list shows them', async () => {
    expect((await cli('site', 'add', '--id', 'shop', '--origin', 'https://old.example')).status).toBe(0);
    const set = await cli('site', 'origins', 'shop', '--origin', 'https://shop.example/', '--origin', 'https://www.shop.example');
    expect(set.status).toBe(0);
    const list = await cli('site', 'list');
    expect(list.stdout).toContain('shop\thttps://shop.example,https://www.shop.example');
    expect((await cli('site', 'origins', 'shop', '--origin', 'javascript:alert(1)')).status).toBe(1);
    expect((await cli('site', 'origins', 'missing')).status).toBe(1);
  }, 120_000);
});
