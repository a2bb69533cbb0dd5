/**
 * The CLI's usage text, and the part of it one command needs: after an error in how a
 * command was called the CLI prints that command's lines, not the whole text.
 */
import { SETTING_NAMES } from './usecases/sites.js';
import { NOTIFY_USAGE } from './notify/cli-usage.js'; // [notify]
import { TRANSFER_USAGE } from './import/usage.js';

/**
 * A command called the wrong way (missing argument, bad flag value): printed with that
 * command's usage. Every problem found is one line of the message, so a call with several
 * wrong arguments learns of them all at once (each line printed as `error: …`).
 */
export class UsageError extends Error {
  constructor(problems: string | readonly string[]) {
    super(typeof problems === 'string' ? problems : problems.join('\n'));
  }
}

/** Edit distance (insertions, deletions, substitutions, adjacent swaps) between two short words. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * `unknown WHAT «value»`, then the closest choice when one is near (a typo: at most a third of
 * its letters off, or a prefix), then all the choices: `unknown format «wordpres» (did you mean
 * wordpress?); choose wordpress|disqus|json`.
 */
export function unknownChoice(what: string, value: string, choices: readonly string[]): string {
  const v = value.toLowerCase();
  const ranked = choices.map((c) => ({ c, d: c.startsWith(v) && v.length >= 2 ? 0 : distance(v, c) })).sort((x, y) => x.d - y.d);
  const best = ranked[0];
  const near = best && best.d <= Math.max(1, Math.floor(best.c.length / 3)) ? ` (did you mean ${best.c}?)` : '';
  return `unknown ${what} «${value}»${near}; choose ${choices.join('|')}`;
}

const PREFIX = '  npm run cli -- ';
const HINT = 'all commands: npm run cli -- help';

export const USAGE = `usage:
  npm run cli -- moderator add --email E --password P [--name N] [--role admin|moderator] [--sites S1,S2|*]
  npm run cli -- moderator set --email E [--name N] [--role admin|moderator] [--sites S1,S2|*] [--new-email E2]
  npm run cli -- moderator passwd --email E [--password P]   (without --password: read from stdin)
  npm run cli -- moderator list
  npm run cli -- moderator remove --email E
  npm run cli -- site add --id S [--origin https://a.example ...]
  npm run cli -- site set S key=value ...   (keys: ${SETTING_NAMES.join(', ')}; lists comma-separated)
  npm run cli -- site show S
  npm run cli -- site origins S --origin https://a.example ...   (replaces the list; none: localhost only)
  npm run cli -- site list
${NOTIFY_USAGE}
${TRANSFER_USAGE}
  npm run cli -- help   (this text; COMMAND --help: the usage of one command)`;

const commandWords = (line: string) => line.slice(PREFIX.length).split(' ');

/**
 * The usage lines of the command argv names, with a hint to the whole text: the line of its
 * noun and verb when one matches (`import disqus`), else all lines of its noun (`moderator`);
 * null when the noun is missing or unknown.
 */
export function commandUsage(argv: readonly string[]): string | null {
  const [noun, verb] = argv;
  const ofNoun = USAGE.split('\n').filter((l) => l.startsWith(PREFIX) && commandWords(l)[0] === noun && noun !== 'help');
  if (ofNoun.length === 0) return null;
  const ofVerb = ofNoun.filter((l) => commandWords(l)[1] === verb);
  return `usage:\n${(ofVerb.length > 0 ? ofVerb : ofNoun).join('\n')}\n${HINT}`;
}

/** node:util parseArgs' own errors (unknown flag, flag without its value) are usage errors too. */
export function isParseArgsError(e: unknown): e is Error {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && (e as NodeJS.ErrnoException).code!.startsWith('ERR_PARSE_ARGS_');
}

/** The message, without parseArgs' advice on positionals starting with "-" (it misleads here). */
export const parseArgsMessage = (e: Error) => e.message.split('. To specify a positional')[0]!;
