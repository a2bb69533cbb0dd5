import { compactFold, fold } from './normalize.js';

/**
 * Moderation and disallowed keys, matched as WordPress's check_comment and
 * wp_check_comment_disallowed_list do — a case-insensitive substring, without
 * word boundaries ("press" matches "WordPress") — after the Arabic-aware
 * folding of normalize.ts, on keys and texts alike.
 *
 * Stretched letters: both sides are cut into runs of one repeated character.
 * A key is never folded: `xxx`, `www` and «ههههه» stay three, three and five
 * letters long, and match only a run at least that long in the text, so
 * `xxx` does not match the "x" of a user agent and «ههههه» does not match
 * «الله». The text may stretch a letter for emphasis:
 * - a key's first and last runs match a run at least as long (substring);
 * - a run inside the key matches the same length, or, for a letter, a
 *   stretched run: one or two letters match three or more («ممنوع» matches
 *   «ممنوووع», `spammer` matches `spammmmer`), three or more match at least
 *   as many. A single letter never matches a double (`spam` is not in
 *   `spaam`, «منوع» is not «ممنوع»), as a substring would not.
 *
 * Cost: one Aho–Corasick automaton per key list, over the sequence of run
 * characters (the "skeleton"); a text is scanned once for all keys, and a
 * skeleton hit is checked against the run lengths of the keys that share it.
 * A comment costs time linear in its length plus the hits, however many keys
 * the site has (a per-key regular expression cost keys × text).
 */
export function matchKeys(keys: readonly string[], haystacks: readonly (string | null | undefined)[]): string | null {
  const texts = haystacks.filter((h): h is string => !!h);
  if (texts.length === 0 || keys.length === 0) return null;
  const list = compile(keys);
  if (list.keys.length === 0) return null;
  let best = list.keys.length;
  for (const h of texts) {
    const plain = fold(h);
    best = scan(list, toRuns(plain), false, best);
    if (best === 0) break;
    const compact = compactFold(h);
    // Only a key without punctuation of its own is looked for in the compact
    // text: "t.co" compacted to "tco" would match "outcome".
    if (compact !== plain) best = scan(list, toRuns(compact), true, best);
    if (best === 0) break;
  }
  return best < list.keys.length ? list.keys[best]!.original : null;
}

interface Runs {
  /** The code point of each run. */
  chars: number[];
  counts: number[];
}

interface Key {
  /** Position in the site's list after blanks and repeats are dropped: the first key wins. */
  index: number;
  original: string;
  counts: number[];
  letters: boolean[];
  compact: boolean;
}

/** Nodes are numbers; one map holds every edge, keyed node × 0x110000 + code point (compact in memory). */
interface Automaton {
  keys: Key[];
  nodes: number;
  edges: Map<number, number>;
  fail: Int32Array;
  /** The nearest node on the fail chain that ends a skeleton (0: none). */
  dict: Int32Array;
  /** Keys whose skeleton ends at a node, first key first. */
  ends: Map<number, Key[]>;
}

const LETTER = /\p{L}/u;
const edge = (node: number, c: number) => node * 0x110000 + c;

function toRuns(s: string): Runs {
  const chars: number[] = [];
  const counts: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (chars[chars.length - 1] === c) counts[counts.length - 1]!++;
    else {
      chars.push(c);
      counts.push(1);
    }
  }
  return { chars, counts };
}

/** Whether the key's run lengths fit the text's runs ending at run `last`. */
function fits(key: Key, counts: number[], last: number): boolean {
  const m = key.counts.length;
  const first = last - m + 1;
  for (let i = 0; i < m; i++) {
    const want = key.counts[i]!;
    const got = counts[first + i]!;
    if (i === 0 || i === m - 1) {
      if (got < want) return false;
    } else if (got !== want && !(key.letters[i] && got >= Math.max(3, want))) return false;
  }
  return true;
}

/** The lowest key index found in the text, if lower than `best`. */
function scan(a: Automaton, text: Runs, compactOnly: boolean, best: number): number {
  let node = 0;
  for (let j = 0; j < text.chars.length && best > 0; j++) {
    const c = text.chars[j]!;
    while (node !== 0 && !a.edges.has(edge(node, c))) node = a.fail[node]!;
    node = a.edges.get(edge(node, c)) ?? 0;
    for (let t = a.ends.has(node) ? node : a.dict[node]!; t !== 0; t = a.dict[t]!) {
      for (const key of a.ends.get(t)!) {
        if (key.index >= best) break;
        if ((!compactOnly || key.compact) && fits(key, text.counts, j)) {
          best = key.index;
          break;
        }
      }
    }
  }
  return best;
}

/**
 * Automata built once per distinct key list (a site's settings rarely change),
 * not once per comment; least recently used first out, bounded in lists and
 * in trie nodes (about 130 bytes each), so changing long lists again and
 * again cannot grow memory.
 */
const compiled = new Map<string, Automaton>();
const MAX_CACHED_LISTS = 64;
const MAX_CACHED_NODES = 1_000_000;
let cachedNodes = 0;

/** How many compiled key lists, and trie nodes in them, are held (for metrics and tests). */
export function keyCacheStats(): { lists: number; nodes: number } {
  return { lists: compiled.size, nodes: cachedNodes };
}

function compile(raw: readonly string[]): Automaton {
  const id = raw.join('\n');
  const cached = compiled.get(id);
  if (cached) {
    compiled.delete(id);
    compiled.set(id, cached);
    return cached;
  }
  const keys: Key[] = [];
  const edges = new Map<number, number>();
  const ends = new Map<number, Key[]>();
  // For each node: its parent and the code point leading to it, to build fail links by depth.
  const parent: number[] = [0];
  const via: number[] = [0];
  const depth: number[] = [0];
  const seen = new Set<string>();
  for (const r of raw) {
    const original = r.trim();
    if (!original) continue;
    const folded = fold(original);
    if (!folded || seen.has(folded)) continue;
    seen.add(folded);
    const { chars, counts } = toRuns(folded);
    const key: Key = {
      index: keys.length,
      original,
      counts,
      letters: chars.map((c) => LETTER.test(String.fromCodePoint(c))),
      compact: compactFold(original) === folded,
    };
    keys.push(key);
    let node = 0;
    for (const c of chars) {
      let child = edges.get(edge(node, c));
      if (child === undefined) {
        child = parent.length;
        parent.push(node);
        via.push(c);
        depth.push(depth[node]! + 1);
        edges.set(edge(node, c), child);
      }
      node = child;
    }
    const list = ends.get(node);
    if (list) list.push(key);
    else ends.set(node, [key]);
  }
  const nodes = parent.length;
  const fail = new Int32Array(nodes);
  const dict = new Int32Array(nodes);
  // Fail links to the longest proper suffix in the trie, shallow nodes first.
  const order = Array.from({ length: nodes }, (_, k) => k).sort((x, y) => depth[x]! - depth[y]!);
  for (const v of order) {
    if (depth[v]! <= 1) continue;
    const c = via[v]!;
    let f = fail[parent[v]!]!;
    while (f !== 0 && !edges.has(edge(f, c))) f = fail[f]!;
    const target = edges.get(edge(f, c));
    fail[v] = target !== undefined && target !== v ? target : 0;
    dict[v] = ends.has(fail[v]!) ? fail[v]! : dict[fail[v]!]!;
  }
  const a: Automaton = { keys, nodes, edges, fail, dict, ends };
  cachedNodes += nodes;
  compiled.set(id, a);
  for (const [oldId, old] of compiled) {
    if (compiled.size <= MAX_CACHED_LISTS && cachedNodes <= MAX_CACHED_NODES) break;
    if (old === a) continue;
    compiled.delete(oldId);
    cachedNodes -= old.nodes;
  }
  return a;
}
