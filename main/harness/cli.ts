#!/usr/bin/env node
// Runs the browser harness for working on the wizard: `npm run harness` (after a build), then open
// the printed address. --drive 16G adds an image-file drive (repeatable); --port picks the port.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseSize } from '../cli/write.js';
import { startHarness } from './server.js';

const { values } = parseArgs({
  options: { drive: { type: 'string', multiple: true, default: ['16G', '8G'] }, port: { type: 'string', default: '0' } },
});
const root = projectRoot(dirname(fileURLToPath(import.meta.url)));
const harness = await startHarness({
  rendererDir: join(root, 'dist', 'renderer'),
  bridgeFile: join(root, 'dist', 'harness-bridge', 'bridge.js'),
  workDir: mkdtempSync(join(tmpdir(), 'flash-creator-harness-')),
  port: Number(values.port),
});
for (const size of values.drive) await harness.drives.add({ size: parseSize(size), description: `Test stick ${size}` });
process.stdout.write(`Flash Creator harness: ${harness.url}\nLog: ${harness.log.path}\nCtrl+C stops it.\n`);
process.on('SIGINT', () => void harness.close().then(() => process.exit(0)));

/** The folder with package.json above `from` (dist/main/harness when built, main/harness under tsx). */
function projectRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) if (existsSync(join(dir, 'package.json'))) return dir;
  throw new Error('Run the harness from inside the flash-creator project.');
}
