import { bindRuleModel } from './mongo-rules.js';
import { bindEditModel } from './mongo-edits.js';
import { bindAuditModel } from './mongo-audit.js';
import { bindReaderModels } from './mongo-readers.js';
import { Schema, type Connection } from 'mongoose';
import { STATUSES, type CommentStatus, type HistoryEntry, type Reason, type ReportSummary } from '../domain/types.js';

/** Comment document: the domain fields plus `threadId`, the id of the thread's top-level comment. */
export interface CommentDoc {
  _id: string;
  site: string;
  page: string;
  parentId: string | null;
  threadId: string;
  authorName: string;
  authorEmail: string;
  authorUrl: string | null;
  avatarKey: string;
  content: string;
  status: CommentStatus;
  prevStatus: CommentStatus | null;
  version: number;
  ip: string;
  userAgent: string;
  reasons: Reason[];
  history: HistoryEntry[];
  pageTitle: string | null;
  pageUrl: string | null;
  createdAt: number;
  editedAt: number | null;
  /** collated name and email (moderation/collate.ts authorKey), for "previously approved" */
  authorKey: string;
  /** duplicate identity (collate.ts duplicateKey); present only while the comment is not in trash, unique */
  dupKey?: string;
  // readers' features (issue 14), absent on older documents
  likes?: number;
  featuredAt?: number | null;
  deletedAt?: number | null;
  reports?: ReportSummary | null;
  /** where an imported comment came from (issue 11); absent on comments posted here */
  source?: { site: string; id: string } | null;
}

export interface SiteDoc {
  _id: string;
  origins: string[];
  settings: Record<string, unknown>;
  createdAt: number;
}

export interface PageDoc {
  site: string;
  page: string;
  /** the public name (mongo-page-names.ts): fixedTitle, else the earliest approved comment's claim */
  title: string | null;
  url: string | null;
  /** a name given with authority (import, admin), winning over comments' claims */
  fixedTitle?: string | null;
  fixedUrl?: string | null;
  closed: boolean;
  createdAt: number;
}

export interface ModeratorDoc {
  _id: string;
  email: string;
  name: string;
  role: 'admin' | 'moderator';
  sites?: string[];
  passwordHash: string;
  createdAt: number;
}

export interface SessionDoc {
  _id: string;
  moderatorId: string;
  createdAt: number;
  expiresAt: number;
}

export interface IdempotencyDoc {
  _id: string;
  bodyHash: string;
  /** 0 while the claiming request runs */
  status: number;
  response: string;
  createdAt: number;
  /** for the TTL index: MongoDB deletes the record after this date */
  expiresAt: Date;
}

/**
 * Counters: `_id` is `status\u0000site\u0000status` or `page\u0000site\u0000page`; and
 * `version\u0000site\u0000status`, the version of the site's status counts (mongo-counters.ts).
 */
export interface CounterDoc {
  _id: string;
  site: string;
  kind: 'status' | 'page' | 'version';
  /** the status or the page key ('status' for the version) */
  name: string;
  n: number;
}

/** The newest post time per site and IP or email: `_id` is `site\u0000ip:…` or `site\u0000email:…`. */
export interface FloodMarkDoc {
  _id: string;
  at: number;
  expiresAt: Date;
}

/** Schema upgrades applied to this database (`_id` 'schema'). */
export interface MetaDoc {
  _id: string;
  version: number;
}

// strictQuery drops filter keys the schema does not know instead of passing them to MongoDB.
const options = { versionKey: false, strict: true, strictQuery: true } as const;
const nullableString = { type: String, default: null };

const reasonSchema = new Schema<Reason>(
  { code: { type: String, required: true }, params: { type: Schema.Types.Mixed } },
  { _id: false, strict: true },
);

const historySchema = new Schema<HistoryEntry>(
  {
    at: { type: Number, required: true },
    // { id, name } of the moderator, or null for the system.
    by: { type: Schema.Types.Mixed, default: null },
    from: { type: String, required: true, enum: STATUSES },
    to: { type: String, required: true, enum: STATUSES },
  },
  { _id: false, strict: true },
);

const commentSchema = new Schema<CommentDoc>(
  {
    _id: { type: String, required: true },
    site: { type: String, required: true },
    page: { type: String, required: true },
    parentId: nullableString,
    threadId: { type: String, required: true },
    authorName: { type: String, required: true, maxlength: 490 }, // UTF-16 units: 245 characters incl. astral ones
    // Hidden unless a query asks for it with .select('+authorEmail'): a careless
    // query must not be able to carry an email anywhere.
    authorEmail: { type: String, required: true, maxlength: 100, select: false },
    authorUrl: { type: String, default: null, maxlength: 400 },
    avatarKey: { type: String, required: true },
    content: { type: String, required: true, maxlength: 131050 }, // 2 × 65525 characters
    status: { type: String, required: true, enum: STATUSES },
    prevStatus: { type: String, default: null, enum: [...STATUSES, null] },
    version: { type: Number, required: true, default: 1 },
    ip: { type: String, default: '' },
    userAgent: { type: String, default: '' },
    reasons: { type: [reasonSchema], default: [] },
    history: { type: [historySchema], default: [] },
    pageTitle: nullableString,
    pageUrl: nullableString,
    createdAt: { type: Number, required: true },
    editedAt: { type: Number, default: null },
    authorKey: { type: String, default: '' },
    dupKey: { type: String },
    likes: { type: Number, default: 0 },
    featuredAt: { type: Number, default: null },
    deletedAt: { type: Number, default: null },
    reports: { type: Schema.Types.Mixed, default: null },
    source: { type: new Schema({ site: { type: String, required: true }, id: { type: String, required: true } }, { _id: false, strict: true }), default: undefined },
  },
  options,
);
// One comment per (site, import source): a re-run of an import finds what the last run wrote.
commentSchema.index(
  { site: 1, 'source.site': 1, 'source.id': 1 },
  { unique: true, partialFilterExpression: { 'source.id': { $exists: true } } },
);
// The same lookups the SQLite adapter indexes, field for field.
commentSchema.index({ site: 1, page: 1, status: 1, parentId: 1, createdAt: 1, _id: 1 });
commentSchema.index({ threadId: 1, status: 1, createdAt: 1, _id: 1 });
commentSchema.index({ site: 1, status: 1, createdAt: 1, _id: 1 });
commentSchema.index({ site: 1, authorKey: 1, status: 1 });
commentSchema.index({ parentId: 1 }); // children of a comment, for counter upkeep
// Unique: of two identical posts racing, the second insert fails here. Trashed
// comments drop their key (sparse), so a trashed twin blocks nothing.
commentSchema.index({ dupKey: 1 }, { unique: true, sparse: true });
commentSchema.index({ site: 1, ip: 1, createdAt: 1 });
// readers' features (issue 14): popular threads, featured picks, a page's newest for its feed
commentSchema.index({ site: 1, page: 1, status: 1, parentId: 1, likes: -1, createdAt: 1, _id: 1 });
commentSchema.index({ site: 1, page: 1, featuredAt: -1 }, { partialFilterExpression: { featuredAt: { $type: 'number' } } });
commentSchema.index({ site: 1, page: 1, status: 1, createdAt: -1, _id: -1 });
commentSchema.index({ site: 1, authorEmail: 1, createdAt: 1 });

const siteSchema = new Schema<SiteDoc>(
  {
    _id: { type: String, required: true },
    origins: { type: [String], default: [] },
    settings: { type: Schema.Types.Mixed, default: {} },
    createdAt: { type: Number, required: true },
  },
  { ...options, minimize: false },
);

const pageSchema = new Schema<PageDoc>(
  {
    site: { type: String, required: true },
    page: { type: String, required: true },
    title: nullableString,
    url: nullableString,
    fixedTitle: nullableString,
    fixedUrl: nullableString,
    closed: { type: Boolean, default: false },
    createdAt: { type: Number, required: true },
  },
  options,
);
pageSchema.index({ site: 1, page: 1 }, { unique: true });

const moderatorSchema = new Schema<ModeratorDoc>(
  {
    _id: { type: String, required: true },
    // Stored lowercased, so the unique index is case-insensitive.
    email: { type: String, required: true, maxlength: 100, lowercase: true, trim: true, unique: true },
    name: { type: String, required: true, maxlength: 245 },
    role: { type: String, required: true, enum: ['admin', 'moderator'] },
    sites: { type: [String], default: ['*'] },
    passwordHash: { type: String, required: true },
    createdAt: { type: Number, required: true },
  },
  options,
);

const sessionSchema = new Schema<SessionDoc>(
  {
    _id: { type: String, required: true },
    moderatorId: { type: String, required: true, index: true },
    createdAt: { type: Number, required: true },
    expiresAt: { type: Number, required: true },
  },
  options,
);

const idempotencySchema = new Schema<IdempotencyDoc>(
  {
    _id: { type: String, required: true },
    bodyHash: { type: String, required: true },
    status: { type: Number, required: true },
    response: { type: String, default: '' },
    createdAt: { type: Number, required: true },
    expiresAt: { type: Date, required: true },
  },
  options,
);
idempotencySchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
idempotencySchema.index({ createdAt: 1 });

const counterSchema = new Schema<CounterDoc>(
  {
    _id: { type: String, required: true },
    site: { type: String, required: true },
    kind: { type: String, required: true, enum: ['status', 'page', 'version'] },
    name: { type: String, required: true },
    n: { type: Number, required: true, default: 0 },
  },
  options,
);
counterSchema.index({ site: 1, kind: 1, name: 1 });

const floodMarkSchema = new Schema<FloodMarkDoc>(
  { _id: { type: String, required: true }, at: { type: Number, required: true }, expiresAt: { type: Date, required: true } },
  options,
);
floodMarkSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

const metaSchema = new Schema<MetaDoc>({ _id: { type: String, required: true }, version: { type: Number, required: true } }, options);

/** Binds the schemas to one connection (never the global mongoose one). */
export function bindModels(conn: Connection) {
  return {
    Comment: conn.model<CommentDoc>('Comment', commentSchema),
    Site: conn.model<SiteDoc>('Site', siteSchema),
    Page: conn.model<PageDoc>('Page', pageSchema),
    Moderator: conn.model<ModeratorDoc>('Moderator', moderatorSchema),
    Session: conn.model<SessionDoc>('Session', sessionSchema),
    Idempotency: conn.model<IdempotencyDoc>('Idempotency', idempotencySchema),
    Counter: conn.model<CounterDoc>('Counter', counterSchema),
    FloodMark: conn.model<FloodMarkDoc>('FloodMark', floodMarkSchema),
    Meta: conn.model<MetaDoc>('Meta', metaSchema),
    Rule: bindRuleModel(conn),
    Edit: bindEditModel(conn),
    Audit: bindAuditModel(conn),
    ...bindReaderModels(conn),
  };
}

export type Models = ReturnType<typeof bindModels>;
