/**
 * Polls `check` every 50 ms until it stops throwing (pages and live views update
 * asynchronously) and returns its value; after `timeoutMs` the last error is thrown,
 * prefixed with `what`.
 */
export async function eventually<T>(check: () => Promise<T>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`${what}: ${(e as Error).message}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
