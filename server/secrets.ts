import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The server secret (avatar HMACs, form tokens, edit tokens), generated once and
 * kept in DATA_DIR so every process sharing the directory agrees on it.
 */
export function loadSecret(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'secret.key');
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(existing)) return existing;
  } catch {
    // first start: fall through and create it
  }
  const secret = randomBytes(32).toString('hex');
  try {
    // 'wx' fails if another process created it first; then read theirs.
    writeFileSync(file, `${secret}\n`, { flag: 'wx', mode: 0o600 });
    return secret;
  } catch {
    return readFileSync(file, 'utf8').trim();
  }
}
