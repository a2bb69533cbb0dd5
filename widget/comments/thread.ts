import type { ShownComment } from './types.js';

/** A comment placed in the tree: `depth` 1 is top level. */
export interface ThreadNode {
  comment: ShownComment;
  depth: number;
  children: ThreadNode[];
}

const byTime = (a: ThreadNode, b: ThreadNode) =>
  a.comment.createdAt < b.comment.createdAt ? -1 : a.comment.createdAt > b.comment.createdAt ? 1 : a.comment.id < b.comment.id ? -1 : 1;

/**
 * Builds the reply tree: top-level threads in `roots` order (oldest first by default), replies oldest first. Replies deeper than
 * `maxDepth` are shown as further replies at the deepest level (as WordPress
 * flattens them); a reply whose parent is not shown becomes top level.
 */
export function buildThread(
  comments: Iterable<ShownComment>,
  maxDepth: number,
  /** the order of top-level threads (replies stay oldest first) */
  roots: (a: ShownComment, b: ShownComment) => number = (a, b) => byTime({ comment: a } as ThreadNode, { comment: b } as ThreadNode),
): ThreadNode[] {
  const rootOrder = roots;
  const max = Math.max(1, maxDepth);
  const nodes = new Map<string, ThreadNode>();
  for (const c of comments) nodes.set(c.id, { comment: c, depth: 0, children: [] });

  const ancestors = (n: ThreadNode): ThreadNode[] => {
    const chain: ThreadNode[] = [];
    for (let p = nodes.get(n.comment.parentId ?? ''); p && !chain.includes(p) && p !== n; p = nodes.get(p.comment.parentId ?? '')) {
      chain.push(p);
    }
    return chain;
  };

  const top: ThreadNode[] = [];
  for (const n of nodes.values()) {
    const chain = ancestors(n); // nearest first
    const depth = Math.min(chain.length + 1, max);
    n.depth = depth;
    // The ancestor one level above where this node is shown (the root is chain's last element).
    const host = depth > 1 ? chain[chain.length - (depth - 1)] : undefined;
    if (host) host.children.push(n);
    else top.push(n);
  }
  const sort = (list: ThreadNode[]) => {
    list.sort(byTime);
    list.forEach((n) => sort(n.children));
    return list;
  };
  top.forEach((n) => sort(n.children));
  return top.sort((a, b) => rootOrder(a.comment, b.comment));
}
