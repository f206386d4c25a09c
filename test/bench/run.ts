// `npm run bench`: runs every benchmark in its own process (so peak-memory figures are its own)
// one after another, and prints their figures.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const benchmarks = ['inspect.ts', 'hostile-zips.ts', 'restore.ts', 'drives.ts', 'app-write.ts', 'device.ts', 'probe.ts', 'stick.ts', 'image-write.ts', 'encrypted-restore.ts', 'backup.ts'];
const here = dirname(fileURLToPath(import.meta.url));
let failed = 0;

for (const benchmark of benchmarks) {
  process.stdout.write(`\n== ${benchmark.replace(/\.ts$/, '')} ==\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(here, benchmark)], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
process.exitCode = failed === 0 ? 0 : 1;
