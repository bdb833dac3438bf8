// PGlite is one process's database: two processes opening the same folder would corrupt it.
// A lock file holding the owner's pid keeps a second process out with a clear message, and a
// lock left by a process that died is taken over.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class EmbeddedDatabaseBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another Pontua process (pid ${ownerPid}); ` +
        'stop that process first, or set DATABASE_URL to share a PostgreSQL database between processes.',
    );
    this.name = 'EmbeddedDatabaseBusyError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Takes the lock or throws EmbeddedDatabaseBusyError. Returns the function that releases it. */
export function lockEmbeddedDatabase(dataDir: string): () => void {
  const path = join(dataDir, 'pontua.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        if (readOwner(path) === process.pid) unlinkSync(path);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(path);
      if (owner !== null && isAlive(owner)) {
        throw new EmbeddedDatabaseBusyError(dataDir, owner);
      }
      // Stale lock (dead owner, or a half-written file): remove it and try again.
      try {
        unlinkSync(path);
      } catch {
        // another process removed it first
      }
    }
  }
  throw new EmbeddedDatabaseBusyError(dataDir, readOwner(path) ?? 0);
}
