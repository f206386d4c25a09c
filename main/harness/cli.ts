#!/usr/bin/env node
// Runs the browser harness for working on the wizard: `npm run harness` (after a build), then open
// the printed address (it carries the key the page is served for). --drive 16G adds an
// image-file drive (repeatable); --port picks the port.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../cli/package-file.js';
import { parseSize } from '../cli/write.js';
import { startHarness } from './server.js';

const { values } = parseArgs({
  options: { drive: { type: 'string', multiple: true, default: ['16G', '8G'] }, port: { type: 'string', default: '0' } },
});
const root = projectRoot();
const harness = await startHarness({
  rendererDir: join(root, 'dist', 'renderer'),
  bridgeFile: join(root, 'dist', 'harness-bridge', 'bridge.js'),
  workDir: mkdtempSync(join(tmpdir(), 'flash-creator-harness-')),
  port: Number(values.port),
});
for (const size of values.drive) await harness.drives.add({ size: parseSize(size), description: `Test stick ${size}` });
process.stdout.write(`Flash Creator harness (open this address; its key lets the page in): ${harness.launchUrl}\nLog: ${harness.log.path}\nCtrl+C stops it.\n`);
process.on('SIGINT', () => void harness.close().then(() => process.exit(0)));
