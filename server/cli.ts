/**
 * Administration: `npm run cli -- <command>`.
 *   moderator add --email E --password P [--name N] [--role admin|moderator] [--sites S1,S2|*]
 *   moderator set --email E [--name N] [--role admin|moderator] [--sites S1,S2|*] [--new-email E2]
 *   moderator passwd --email E [--password P]   (else the password is read from stdin)
 *   moderator list
 *   moderator remove --email E
 *   site add --id S [--origin https://a.example …]
 *   site set S key=value …
 *   site show S
 *   site origins S --origin https://a.example …   (replaces the list)
 *   site list
 *   mail test --to E; webhook add|list|remove (server/notify/cli.ts)
 *   import wordpress|disqus|json FILE --site S …, export --site S … (server/import/cli.ts)
 */
import { parseArgs } from 'node:util';
import { ConfigError, isValidSiteId, parseConfig, parseOrigin, type Config } from './config.js';
import { DEFAULT_SETTINGS, type Role } from './domain/types.js';
import { AppError } from './errors.js';
import { format } from './i18n/locale.js';
import { MESSAGES } from './i18n/messages.js';
import { addModerator } from './usecases/auth.js';
import { moderatorCommand, splitSites } from './cli-moderators.js';
import { publishInvalidation } from './cache/invalidation.js';
import { mergeSettings, parseSettingArgs, publicSite } from './usecases/sites.js';
import { openStore } from './store/index.js';
import { NotifyUsageError } from './notify/cli-usage.js'; // [notify]
import { TransferUsageError } from './import/usage.js';
import { commandUsage, isParseArgsError, parseArgsMessage, USAGE, UsageError } from './cli-usage.js';
import { loadSecret } from './secrets.js';
import { EventBus } from './events/bus.js';
import type { Store } from './store/port.js';


/** Pages an import changed, to be dropped from running servers' thread caches. */
interface Changed {
  pages: { site: string; page: string }[];
}

async function run(store: Store, argv: string[], config: Config, changed: Changed): Promise<string | null> {
  const [noun, verb, ...rest] = argv;
  const now = Date.now();
  if (noun === 'moderator' && verb !== 'add') return moderatorCommand(store, verb, rest);
  if (noun === 'mail' || noun === 'webhook') {
    // [notify] loaded only when asked for: other commands do not pay for nodemailer
    const answer = await (await import('./notify/cli.js')).runNotifyCli(config, store, argv, now);
    if (answer !== null) return answer;
  }
  if (noun === 'import' || noun === 'export') {
    // Loaded only for these commands: the parsers and their libraries would slow every other one.
    const { runTransfer } = await import('./import/cli.js');
    const bus = new EventBus();
    bus.subscribe('site:imported', ({ site, pages }) => changed.pages.push(...pages.map((page) => ({ site, page }))));
    process.exitCode = await runTransfer(store, argv, { stdout: process.stdout, stderr: process.stderr, secret: loadSecret(config.dataDir), bus });
    return null;
  }
  if (noun === 'moderator' && verb === 'add') {
    const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, sites: { type: 'string' } } });
    if (!values.email || !values.password) throw new UsageError('moderator add needs --email and --password');
    const role = (values.role ?? 'moderator') as Role;
    if (role !== 'admin' && role !== 'moderator') throw new UsageError('--role must be admin or moderator');
    const sites = values.sites === undefined ? ['*'] : splitSites(values.sites);
    if (sites.length === 0) throw new UsageError('--sites needs site ids separated by commas, or *');
    const known = new Set((await store.listSites()).map((x) => x.id));
    const unknown = sites.find((x) => x !== '*' && !known.has(x));
    if (unknown !== undefined) throw new Error(`no site "${unknown}" (add it with: npm run cli -- site add --id ${unknown})`);
    const m = await addModerator(store, { email: values.email, password: values.password, name: values.name, role, sites: sites.includes('*') ? ['*'] : sites }, now);
    return `added ${m.role} ${m.email} (${m.name}); sites: ${m.role === 'admin' ? '* (admin)' : m.sites.join(',')}`;
  }
  if (noun === 'site' && verb === 'add') {
    const { values } = parseArgs({ args: rest, options: { id: { type: 'string' }, origin: { type: 'string', multiple: true } } });
    if (!values.id || !isValidSiteId(values.id)) throw new UsageError('site add needs --id made of 1–64 letters, digits, "-" or "_"');
    const origins = (values.origin ?? []).flatMap((o) => o.split(',')).filter(Boolean).map((o) => {
      const parsed = parseOrigin(o);
      if (!parsed) throw new UsageError(`"${o}" is not an origin like https://news.example`);
      return parsed;
    });
    const existing = await store.getSite(values.id);
    if (existing) {
      const merged = [...new Set([...existing.origins, ...origins])];
      await store.setSiteOrigins(values.id, merged);
      return `site ${values.id} exists; origins now: ${merged.join(', ') || '(none: localhost only)'}`;
    }
    await store.ensureSite({ id: values.id, origins, settings: DEFAULT_SETTINGS, createdAt: now });
    return `added site ${values.id}; origins: ${origins.join(', ') || '(none: localhost only)'}`;
  }
  if (noun === 'site' && verb === 'list') {
    const all = await store.listSites();
    return all.length ? all.map((x) => `${x.id}\t${x.origins.join(',') || '(localhost only)'}`).join('\n') : '(no sites)';
  }
  if (noun === 'site' && verb === 'origins') {
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { origin: { type: 'string', multiple: true } } });
    const id = positionals[0];
    if (!id || !(await store.getSite(id))) throw new UsageError(`site origins needs a known site id`);
    const origins = (values.origin ?? []).flatMap((o) => o.split(',')).filter(Boolean).map((o) => {
      const parsed = parseOrigin(o);
      if (!parsed) throw new UsageError(`"${o}" is not an origin like https://news.example`);
      return parsed;
    });
    await store.setSiteOrigins(id, [...new Set(origins)]);
    return `site ${id}; origins now: ${[...new Set(origins)].join(', ') || '(none: localhost only)'}`;
  }
  if (noun === 'site' && (verb === 'set' || verb === 'show')) {
    const [id, ...pairs] = rest;
    if (!id) throw new UsageError(`site ${verb} needs a site id`);
    const site = await store.getSite(id);
    if (!site) throw new Error(`no site "${id}" (add it with: npm run cli -- site add --id ${id})`);
    if (verb === 'show') return JSON.stringify(publicSite(site), null, 2);
    if (pairs.length === 0) throw new UsageError('site set needs key=value pairs');
    let patch: Record<string, unknown>;
    try {
      patch = parseSettingArgs(pairs);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const updated = await store.setSiteSettings(id, mergeSettings(site.settings, patch));
    return JSON.stringify(publicSite(updated!), null, 2);
  }
  throw new UsageError(noun === undefined ? 'no command given' : `unknown command "${[noun, verb].filter(Boolean).join(' ')}"`);
}

const argv = process.argv.slice(2);
if (argv.some((a) => a === '--help' || a === '-h') || argv[0] === 'help') {
  // Before the store opens: help needs no data directory.
  console.log(commandUsage(argv) ?? USAGE);
  process.exit(0);
}

try {
  const config = parseConfig(process.env);
  const store = await openStore({ dataDir: config.dataDir, mongodbUri: config.mongodbUri ?? undefined });
  try {
    const changed: Changed = { pages: [] };
    const out = await run(store, argv, config, changed);
    if (out !== null) console.log(out);
    // Running servers cache sites and thread pages: tell them (through Redis when they share one; else they see it within their cache's lifetime).
    if (argv[0] === 'site' && argv[1] !== 'show' && argv[1] !== 'list' && config.redisUrl) {
      await publishInvalidation(config.redisUrl, config.redisPrefix, { kind: 'sites' }).catch((e: Error) => console.error(`warning: running servers not notified through Redis (${e.message}); they see the change within 5 s`));
    }
    if (changed.pages.length > 0 && config.redisUrl) {
      await publishInvalidation(config.redisUrl, config.redisPrefix, changed.pages.map((p) => ({ kind: 'page' as const, ...p }))).catch((e: Error) => console.error(`warning: running servers not notified through Redis (${e.message}); imported pages show once their cached copies expire`));
    }
  } finally {
    await store.close();
  }
} catch (e) {
  if (e instanceof AppError && e.fields) {
    console.error(`error: ${Object.entries(e.fields).map(([k, v]) => `${k}: ${format(MESSAGES[v.key].en, v.params, 'en')}`).join('; ')}`);
  } else if (e instanceof AppError) {
    console.error(`error: ${format(MESSAGES[e.key].en, e.params, 'en')}`);
  } else if (e instanceof UsageError || e instanceof NotifyUsageError || e instanceof TransferUsageError || isParseArgsError(e)) {
    // A command called the wrong way: the error, then how to call that command (the whole text only when the command itself is unknown).
    if (argv.length > 0) console.error(`error: ${parseArgsMessage(e as Error)}`);
    console.error(commandUsage(argv) ?? USAGE);
  } else if (e instanceof ConfigError || e instanceof Error) {
    console.error(`error: ${e.message}`);
  }
  process.exit(1);
}
