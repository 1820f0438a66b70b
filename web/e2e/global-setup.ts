import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Builds web/dist when it is missing, so `npm run e2e` works on a fresh checkout. */
export default function globalSetup() {
  const root = join(here, '..');
  if (!existsSync(join(root, 'dist', 'index.html')) || process.env.MUSTER_E2E_REBUILD) {
    execSync('npx vite build', { cwd: root, stdio: 'inherit' });
  }
}
