import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * A function to await in a long loop on a serving process (imports, their parsing and
 * cleaning): it yields to the event loop (one setImmediate turn) once `budgetMs` of work have
 * passed since the last yield, else returns at once, so no stretch blocks requests longer.
 */
export function yielder(budgetMs = 20): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < budgetMs) return;
    await nextTurn();
    since = performance.now();
  };
}
