import { EventEmitter } from 'node:events';
import type { CommentStatus, StoredComment } from '../domain/types.js';

/** Domain events published by use cases. The realtime layer subscribes; use cases never import socket.io. */
export interface DomainEvents {
  'comment:created': [comment: StoredComment];
  'comment:status-changed': [comment: StoredComment, from: CommentStatus];
  'moderator:signed-out': [sessionId: string];
  /** a moderator was removed, demoted, re-scoped or given a new password: their sessions are gone, close their sockets */
  'moderator:revoked': [moderatorId: string];
  /** comments deleted for good (one, or a purge): moderators drop them and recount */
  'comments:deleted': [site: string, ids: string[]];
  /** a moderator edited a comment's text, name or website */
  'comment:edited': [comment: StoredComment];
  /** a thread was closed or reopened by hand */
  'page:updated': [page: { site: string; page: string }];
  // readers' features (issue 14)
  /** a comment's likes changed (a reader liked or unliked it) */
  'comment:reactions': [info: { id: string; site: string; page: string; likes: number }];
  /** a moderator featured or unfeatured a comment */
  'comment:featured': [comment: StoredComment];
  /** its author deleted a comment: gone (trash), or kept as a placeholder for its approved replies */
  'comment:author-deleted': [comment: StoredComment, placeholder: boolean];
  /** readers' reports of a comment changed (a report added, or dismissed by a moderator) */
  'comment:reported': [comment: StoredComment];
  /** an import wrote comments (one event for the whole file, never one per comment) */
  'site:imported': [info: { site: string; imported: number; pages: string[] }];
}

export class EventBus {
  private readonly emitter = new EventEmitter();

  publish<K extends keyof DomainEvents>(name: K, ...args: DomainEvents[K]): void {
    this.emitter.emit(name, ...args);
  }

  subscribe<K extends keyof DomainEvents>(name: K, handler: (...args: DomainEvents[K]) => void): () => void {
    const h = handler as (...a: unknown[]) => void;
    this.emitter.on(name, h);
    return () => this.emitter.off(name, h);
  }
}
