/** The CLI's import/export usage, apart from the importers so other commands start without loading them. */
export const TRANSFER_USAGE = `  npm run cli -- import wordpress FILE --site S [--dry-run] [--with-pings] [--json]
  npm run cli -- import disqus FILE --site S [--dry-run] [--page-key link|identifier] [--json]
  npm run cli -- import json FILE --site S [--dry-run] [--json]      (Majlis's own export)
  npm run cli -- export --site S [--format json|wxr] [--out FILE]   (standard output by default)`;

/** An import or export called the wrong way; one line of the message per problem (see UsageError). */
export class TransferUsageError extends Error {
  constructor(problems: string | readonly string[]) {
    super(typeof problems === 'string' ? problems : problems.join('\n'));
  }
}
