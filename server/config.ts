/** Configuration, parsed once from the environment. Nothing else reads process.env. */
import path from 'node:path';
import express from 'express';
import validator from 'validator';
import { WEBHOOK_TIMEOUT_MS } from './webhooks/deliver.js';
import { isEmailAddress, normalizeEmail } from './validation/email.js';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  mongodbUri: string | null;
  redisUrl: string | null;
  /** prefix of every Redis key and channel (several deployments can share one Redis) */
  redisPrefix: string;
  admin: { email: string; password: string } | null;
  siteId: string;
  /** null: SITE_ORIGINS unset (any localhost origin is allowed too). */
  siteOrigins: string[] | null;
  trustProxy: boolean | number | string | null;
  logLevel: string;
  /** how long a public thread page may be served from memory (0: never) */
  threadCacheMs: number;
  /** how long sites, their settings and CORS decisions are kept in memory without an invalidation */
  siteCacheMs: number;
  /** bytes the thread cache may hold (JSON plus its gzip and brotli forms) */
  threadCacheBytes: number;
  /** bytes SQLite's kept thread bytes may take (THREAD_BYTES_MB; store/sqlite-thread-bytes-prune.ts); 0: reads keep none */
  threadBytesBudget: number;
  /** how long a stopping server lets in-flight requests finish before answering them 503 */
  shutdownGraceMs: number;
  /** null: GET /metrics is off; else the Bearer token it needs */
  metricsToken: string | null;
  /** [notify] issue 12: email, links in messages, webhooks, outbox */
  notify: NotifyConfig;
  /** Values that start but are likely mistakes: one line each, "VARIABLE: why" (main.ts prints them). */
  warnings: string[];
}

export interface NotifyConfig {
  /** smtp:// or smtps:// URL for nodemailer; null: no email is sent */
  smtpUrl: string | null;
  /** From: of every message */
  mailFrom: string;
  /** the address readers and moderators use, without a trailing slash; null: the listen address */
  publicUrl: string | null;
  /** webhooks may point to loopback, private and link-local addresses */
  webhookAllowPrivate: boolean;
  /** how long a worker owns a claimed outbox item before another process may take it over */
  outboxLeaseMs: number;
  /** first retry delay; doubles per try up to an hour, for up to 24 hours */
  outboxRetryBaseMs: number;
}

export class ConfigError extends Error {}

const SITE_ID_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/i;

export function isValidSiteId(id: string): boolean {
  return SITE_ID_RE.test(id);
}

/** Normalises an origin ("https://a.example/" → "https://a.example"); null when it is not one. */
export function parseOrigin(value: string): string | null {
  try {
    const u = new URL(value.trim());
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    if (u.pathname !== '/' || u.search || u.hash || u.username) return null;
    return u.origin;
  } catch {
    return null;
  }
}

/**
 * Whether express accepts `entry` (one comma-separated part of TRUST_PROXY) for its `trust proxy`
 * setting: a range name, an address, a subnet. Express compiles the setting itself (proxy-addr) and
 * throws on what it cannot take, so its own compile decides, on a throwaway app, at start only.
 */
function isTrustEntry(probe: express.Express, entry: string): boolean {
  try {
    probe.set('trust proxy', entry);
    return true;
  } catch {
    return false;
  }
}

export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const fail = (name: string, why: string): never => {
    throw new ConfigError(`${name}: ${why}`);
  };
  const get = (name: string) => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };

  const portRaw = get('PORT') ?? '3000';
  if (!/^\d+$/.test(portRaw) || Number(portRaw) > 65535) fail('PORT', `"${portRaw}" is not a port number (0–65535)`);
  const host = get('HOST') ?? '127.0.0.1';
  if (!validator.isIP(host) && !validator.isFQDN(host, { require_tld: false })) fail('HOST', `"${host}" is not a host name or IP address`);

  const mongodbUri = get('MONGODB_URI') ?? null;
  if (mongodbUri && !/^mongodb(\+srv)?:\/\//.test(mongodbUri)) fail('MONGODB_URI', 'must start with mongodb:// or mongodb+srv://');
  const redisUrl = get('REDIS_URL') ?? null;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) fail('REDIS_URL', 'must start with redis:// or rediss://');

  const redisPrefix = get('REDIS_PREFIX') ?? 'majlis';
  if (!/^[\w.-]{1,64}$/.test(redisPrefix)) fail('REDIS_PREFIX', `"${redisPrefix}" must be 1–64 letters, digits, ".", "-" or "_"`);

  const adminEmail = get('ADMIN_EMAIL');
  const adminPassword = env.ADMIN_PASSWORD ?? undefined;
  if (adminEmail && !isEmailAddress(adminEmail.trim())) fail('ADMIN_EMAIL', `"${adminEmail}" is not a valid email address`);
  if (adminEmail && !adminPassword) fail('ADMIN_PASSWORD', 'is required when ADMIN_EMAIL is set');
  if (!adminEmail && adminPassword) fail('ADMIN_EMAIL', 'is required when ADMIN_PASSWORD is set');
  if (adminPassword !== undefined && adminPassword.length < 8) fail('ADMIN_PASSWORD', 'must be at least 8 characters');

  const siteId = get('SITE_ID') ?? 'default';
  if (!isValidSiteId(siteId)) fail('SITE_ID', `"${siteId}" must be 1–64 letters, digits, "-" or "_"`);
  let siteOrigins: string[] | null = null;
  const originsRaw = get('SITE_ORIGINS');
  if (originsRaw) {
    siteOrigins = originsRaw.split(',').filter((s) => s.trim()).map((o) => parseOrigin(o) ?? fail('SITE_ORIGINS', `"${o.trim()}" is not an origin like https://news.example`));
  }

  let trustProxy: Config['trustProxy'] = null;
  const tp = get('TRUST_PROXY');
  if (tp !== undefined) {
    if (tp === 'true') trustProxy = true;
    else if (tp === 'false') trustProxy = false;
    else if (/^\d+$/.test(tp)) trustProxy = Number(tp);
    else {
      const probe = express();
      const bad = tp.split(',').map((p) => p.trim()).find((p) => !isTrustEntry(probe, p));
      if (bad !== undefined) fail('TRUST_PROXY', `"${bad}" in "${tp}" is not an IP address, a subnet (10.0.0.0/8, 10.0.0.0/255.0.0.0, fe80::/10) or loopback, linklocal, uniquelocal; the whole value may also be true, false or a hop count`);
      trustProxy = tp;
    }
  }

  const cacheRaw = get('THREAD_CACHE_MS') ?? '1000';
  if (!/^\d{1,6}$/.test(cacheRaw)) fail('THREAD_CACHE_MS', `"${cacheRaw}" is not a number of milliseconds (0–999999)`);

  const siteCacheRaw = get('SITE_CACHE_MS') ?? '5000';
  if (!/^\d{1,7}$/.test(siteCacheRaw)) fail('SITE_CACHE_MS', `"${siteCacheRaw}" is not a number of milliseconds (0–9999999)`);
  const cacheMbRaw = get('THREAD_CACHE_MB') ?? '64';
  if (!/^\d{1,5}$/.test(cacheMbRaw)) fail('THREAD_CACHE_MB', `"${cacheMbRaw}" is not a number of megabytes (0–99999)`);
  const keptMbRaw = get('THREAD_BYTES_MB') ?? '256';
  if (!/^\d{1,6}$/.test(keptMbRaw)) fail('THREAD_BYTES_MB', `"${keptMbRaw}" is not a number of megabytes (0–999999)`);
  const graceRaw = get('SHUTDOWN_GRACE_MS') ?? '10000';
  if (!/^\d{1,7}$/.test(graceRaw)) fail('SHUTDOWN_GRACE_MS', `"${graceRaw}" is not a number of milliseconds (0–9999999)`);
  const metricsToken = get('METRICS_TOKEN') ?? null;
  if (metricsToken !== null && (metricsToken.length < 16 || !/^[\x21-\x7e]+$/.test(metricsToken))) fail('METRICS_TOKEN', 'must be at least 16 printable characters without spaces');

  const notify = parseNotifyConfig(get, fail);

  const logLevel = get('LOG_LEVEL') ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) fail('LOG_LEVEL', `"${logLevel}" is not a pino level`);

  return {
    port: Number(portRaw),
    host,
    dataDir: path.resolve(get('DATA_DIR') ?? './data'),
    mongodbUri,
    redisUrl,
    redisPrefix,
    admin: adminEmail && adminPassword ? { email: normalizeEmail(adminEmail), password: adminPassword } : null,
    siteId,
    siteOrigins,
    trustProxy,
    logLevel,
    threadCacheMs: Number(cacheRaw),
    siteCacheMs: Number(siteCacheRaw),
    threadCacheBytes: Number(cacheMbRaw) * 1024 * 1024,
    threadBytesBudget: Number(keptMbRaw) * 1024 * 1024,
    shutdownGraceMs: Number(graceRaw),
    metricsToken,
    notify,
    warnings: notifyWarnings(notify),
  };
}

/** A lease that can end while a webhook delivery is still allowed to run lets another process send it again. */
function notifyWarnings(notify: NotifyConfig): string[] {
  if (notify.outboxLeaseMs > WEBHOOK_TIMEOUT_MS) return [];
  return [`OUTBOX_LEASE_MS: ${notify.outboxLeaseMs} ms is not above the ${WEBHOOK_TIMEOUT_MS} ms webhook timeout: another process may take over a delivery still under way and send it twice (default 60000)`];
}

/** [notify] SMTP_URL, MAIL_FROM, PUBLIC_URL, WEBHOOK_ALLOW_PRIVATE, OUTBOX_LEASE_MS, OUTBOX_RETRY_BASE_MS. */
function parseNotifyConfig(get: (name: string) => string | undefined, fail: (name: string, why: string) => never): NotifyConfig {
  const smtpUrl = get('SMTP_URL') ?? null;
  if (smtpUrl) {
    let ok = false;
    try {
      const u = new URL(smtpUrl);
      ok = (u.protocol === 'smtp:' || u.protocol === 'smtps:') && u.hostname !== '';
    } catch {
      ok = false;
    }
    if (!ok) fail('SMTP_URL', 'must look like smtp://user:pass@host:587 or smtps://user:pass@host:465');
  }
  let publicUrl = get('PUBLIC_URL') ?? null;
  if (publicUrl) {
    let u: URL | null = null;
    try {
      u = new URL(publicUrl);
    } catch {
      u = null;
    }
    if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:') || u.search || u.hash || u.username) {
      fail('PUBLIC_URL', `"${publicUrl}" is not an http(s) address like https://comments.example.com`);
    }
    publicUrl = publicUrl.replace(/\/+$/, '');
  }
  const mailFrom = get('MAIL_FROM') ?? `Majlis <majlis@${publicUrl ? new URL(publicUrl).hostname : 'localhost'}>`;
  const address = /<([^<>]+)>\s*$/.exec(mailFrom)?.[1] ?? mailFrom;
  if (!validator.isEmail(address.trim(), { require_tld: false })) fail('MAIL_FROM', `"${mailFrom}" is not an address like "Majlis <comments@news.example>"`);
  const allow = get('WEBHOOK_ALLOW_PRIVATE') ?? 'false';
  if (allow !== 'true' && allow !== 'false') fail('WEBHOOK_ALLOW_PRIVATE', 'must be true or false');
  const ms = (name: string, dflt: string, min: number, max: number) => {
    const raw = get(name) ?? dflt;
    if (!/^\d{1,9}$/.test(raw) || Number(raw) < min || Number(raw) > max) fail(name, `"${raw}" is not a number of milliseconds (${min}–${max})`);
    return Number(raw);
  };
  return {
    smtpUrl,
    mailFrom,
    publicUrl,
    webhookAllowPrivate: allow === 'true',
    outboxLeaseMs: ms('OUTBOX_LEASE_MS', '60000', 1000, 3_600_000),
    outboxRetryBaseMs: ms('OUTBOX_RETRY_BASE_MS', '10000', 10, 3_600_000),
  };
}
