/**
 * A second server process for test/store.thread-bytes-prune.test.ts:
 * `node --import tsx test/helpers/prune-process.ts FILE BUDGET_BYTES ROUNDS TAG`. Each round it
 * writes a comment on one of the pages /p0…/p5, reads that page (keeping its threads' bytes)
 * and runs a prune pass, all on the shared file; then prints one JSON line with its passes'
 * totals. Any error ends it with a non-zero status.
 */
import { SqliteStore } from '../../server/store/sqlite.js';
import { aComment } from './store-fixtures.js';

const [file, budget, rounds, tag] = process.argv.slice(2) as [string, string, string, string];
const store = new SqliteStore(file, { threadBytes: { budgetBytes: Number(budget), firstAfterMs: null } });
await store.open();
const totals = { passes: 0, deletedRows: 0, busy: 0 };
for (let i = 0; i < Number(rounds); i++) {
  const page = `/p${i % 6}`;
  await store.createComment(aComment({ page, content: `من ${tag} ${i}` }));
  await store.readers.listThreadsJson({ site: 'blog', page, sort: 'oldest', after: null, before: null, limit: 10 });
  const o = await store.pruneThreadBytes();
  totals.passes++;
  totals.deletedRows += o.deletedRows;
  if (o.busy) totals.busy++;
}
await store.close();
console.log(JSON.stringify(totals));
