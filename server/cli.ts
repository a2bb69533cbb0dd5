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
import { addModerator, isValidEmail, MIN_PASSWORD } from './usecases/auth.js';
import { moderatorCommand, splitSites } from './cli-moderators.js';
import { publishInvalidation } from './cache/invalidation.js';
import { mergeSettings, parseSettingArgs, publicSite } from './usecases/sites.js';
import { openStore } from './store/index.js';
import { NotifyUsageError } from './notify/cli-usage.js'; // [notify]
import { TransferUsageError } from './import/usage.js';
import { commandUsage, isParseArgsError, parseArgsMessage, unknownChoice, USAGE, UsageError } from './cli-usage.js';
import { loadSecret } from './secrets.js';
import { EventBus } from './events/bus.js';
import type { Store } from './store/port.js';


/** Pages an import changed, to be dropped from running servers' thread caches. */
interface Changed {
  pages: { site: string; page: string }[];
}

/** The nouns the CLI knows (its usage text's first words). */
const COMMANDS = ['moderator', 'site', 'mail', 'webhook', 'import', 'export', 'help'];

/** The origins of `--origin` flags (each may hold a comma list); each one that is not an origin is a problem. */
function originsOf(flags: string[] | undefined, problems: string[]): string[] {
  const out: string[] = [];
  for (const o of (flags ?? []).flatMap((f) => f.split(',')).filter(Boolean)) {
    const parsed = parseOrigin(o);
    if (parsed) out.push(parsed);
    else problems.push(`"${o}" is not an origin like https://news.example`);
  }
  return out;
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
    // Every wrong argument at once (the API's 422 names every field too): one run, one round of fixes.
    const problems: string[] = [];
    if (!values.email) problems.push('moderator add needs --email');
    else if (!isValidEmail(values.email)) problems.push(`--email "${values.email}" is not a valid email address`);
    if (!values.password) problems.push('moderator add needs --password');
    else if (values.password.length < MIN_PASSWORD) problems.push(`--password must be at least ${MIN_PASSWORD} characters`);
    const role = (values.role ?? 'moderator') as Role;
    if (role !== 'admin' && role !== 'moderator') problems.push('--role must be admin or moderator');
    const sites = values.sites === undefined ? ['*'] : splitSites(values.sites);
    if (sites.length === 0) problems.push('--sites needs site ids separated by commas, or *');
    const known = new Set((await store.listSites()).map((x) => x.id));
    const unknown = sites.filter((x) => x !== '*' && !known.has(x));
    if (unknown.length > 0) problems.push(`--sites: no site ${unknown.map((x) => `"${x}"`).join(', ')} (add it first with: site add --id ${unknown[0]})`);
    if (problems.length > 0) throw new UsageError(problems);
    const m = await addModerator(store, { email: values.email!, password: values.password!, name: values.name, role, sites: sites.includes('*') ? ['*'] : sites }, now);
    return `added ${m.role} ${m.email} (${m.name}); sites: ${m.role === 'admin' ? '* (admin)' : m.sites.join(',')}`;
  }
  if (noun === 'site' && verb === 'add') {
    const { values } = parseArgs({ args: rest, options: { id: { type: 'string' }, origin: { type: 'string', multiple: true } } });
    const problems: string[] = [];
    if (!values.id || !isValidSiteId(values.id)) problems.push('site add needs --id made of 1–64 letters, digits, "-" or "_"');
    const origins = originsOf(values.origin, problems);
    if (problems.length > 0) throw new UsageError(problems);
    const id = values.id!;
    const existing = await store.getSite(id);
    if (existing) {
      const merged = [...new Set([...existing.origins, ...origins])];
      await store.setSiteOrigins(id, merged);
      return `site ${id} exists; origins now: ${merged.join(', ') || '(none: localhost only)'}`;
    }
    await store.ensureSite({ id: id, origins, settings: DEFAULT_SETTINGS, createdAt: now });
    return `added site ${id}; origins: ${origins.join(', ') || '(none: localhost only)'}`;
  }
  if (noun === 'site' && verb === 'list') {
    const all = await store.listSites();
    return all.length ? all.map((x) => `${x.id}\t${x.origins.join(',') || '(localhost only)'}`).join('\n') : '(no sites)';
  }
  if (noun === 'site' && verb === 'origins') {
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { origin: { type: 'string', multiple: true } } });
    const id = positionals[0];
    const problems: string[] = [];
    if (!id || !(await store.getSite(id))) problems.push(`site origins needs a known site id`);
    const origins = originsOf(values.origin, problems);
    if (problems.length > 0 || !id) throw new UsageError(problems);
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
  if (noun === undefined) throw new UsageError('no command given');
  const said = `unknown command "${[noun, verb].filter(Boolean).join(' ')}"`;
  // A typo of a known command is told its closest spelling, as `import wordpres` is.
  const near = COMMANDS.includes(noun) ? '' : /\(did you mean (\w+)\?\)/.exec(unknownChoice('command', noun, COMMANDS))?.[1];
  throw new UsageError(near ? `${said} (did you mean ${near}?)` : said);
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
    // One line per problem: a call with several wrong arguments hears of them all at once.
    if (argv.length > 0) console.error(parseArgsMessage(e as Error).split('\n').map((l) => `error: ${l}`).join('\n'));
    console.error(commandUsage(argv) ?? USAGE);
  } else if (e instanceof ConfigError || e instanceof Error) {
    console.error(`error: ${e.message}`);
  }
  process.exit(1);
}
