import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The server secret (avatar HMACs, form tokens, edit tokens), generated once and
 * kept in DATA_DIR so every process sharing the directory agrees on it.
 */
export function loadSecret(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, 'secret.key');
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(existing)) {
      tightenMode(file); // a key from an older version or a loose umask: owner only
      return existing;
    }
  } catch {
    // first start: fall through and create it
  }
  const secret = randomBytes(32).toString('hex');
  try {
    // 'wx' fails if another process created it first; then read theirs.
    writeFileSync(file, `${secret}\n`, { flag: 'wx', mode: 0o600 });
    chmodSync(file, 0o600); // the mode above is reduced by the umask, never widened; make it exact
    return secret;
  } catch {
    return readFileSync(file, 'utf8').trim();
  }
}

function tightenMode(file: string): void {
  try {
    chmodSync(file, 0o600);
  } catch {
    // not ours to change (another user's file): reading it is all we need
  }
}
