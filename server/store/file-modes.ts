import { chmodSync, closeSync, existsSync, fchmodSync, openSync } from 'node:fs';

/** Owner read/write only: the database holds emails, IPs and password hashes. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Makes the SQLite file (created here if missing) and any WAL / shared-memory file
 * beside it 0600 whatever the umask. SQLite then creates a new -wal and -shm with the
 * database file's own mode, so they stay private too.
 */
export function makeDatabaseFilesPrivate(file: string): void {
  if (file === ':memory:' || file === '') return;
  const fd = openSync(file, 'a', PRIVATE_FILE_MODE);
  try {
    fchmodSync(fd, PRIVATE_FILE_MODE); // the mode given to open() is reduced by the umask; this is not
  } finally {
    closeSync(fd);
  }
  for (const extra of [`${file}-wal`, `${file}-shm`, `${file}-journal`]) if (existsSync(extra)) chmodSync(extra, PRIVATE_FILE_MODE);
}
