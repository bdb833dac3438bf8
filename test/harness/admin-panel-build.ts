// Builds the admin panel (web/admin → dist/admin) before the tests when the build is missing or
// older than its sources, so the panel's HTTP and browser tests serve what the tree holds.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN_PANEL_DIR } from '../../src/http/routes/admin-panel';

const SOURCES = fileURLToPath(new URL('../../web/admin', import.meta.url));

function newestModification(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestModification(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function builtAt(): number | null {
  try {
    return statSync(join(ADMIN_PANEL_DIR, 'index.html')).mtimeMs;
  } catch {
    return null;
  }
}

export async function ensureAdminPanelBuilt(): Promise<void> {
  const built = builtAt();
  if (built !== null && built >= newestModification(SOURCES)) return;
  const { build } = await import('vite');
  try {
    await build({ configFile: join(SOURCES, 'vite.config.ts'), logLevel: 'warn' });
  } catch (error) {
    // A panel that does not build fails the panel's own tests, not every other suite.
    console.warn(`The admin panel did not build, so its tests will fail: ${error instanceof Error ? error.message : String(error)}`);
  }
}
