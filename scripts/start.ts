// `npm start`: opens the desktop app in Electron. npm installs Electron's package without its
// binary (package.json's allowScripts denies electron's download script, so that installs and tests
// work where only the package registry can be reached), so the first start downloads it from
// GitHub, and says plainly what to do where it cannot.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));
const { version } = require('electron/package.json') as { version: string };

if (!binaryInstalled()) {
  process.stdout.write(`Electron ${version}'s binary is not installed yet: downloading it (about 100 MB) from GitHub's electron/electron releases…\n`);
  const reason = download();
  if (reason !== undefined) {
    process.stderr.write(cannotStart(reason));
    process.exit(1);
  }
}
// Electron's own launcher: it passes the exit code and termination signals on.
const app = spawnSync(process.execPath, [join(electronDir, 'cli.js'), '.'], { stdio: 'inherit' });
process.exit(app.status ?? 1);

function binaryInstalled(): boolean {
  try {
    return existsSync(require('electron') as string);
  } catch {
    return false; // no path.txt: the download never ran
  }
}

/** Runs electron's own install script; the reason it failed, or undefined. */
function download(): string | undefined {
  // The script does nothing while ELECTRON_SKIP_BINARY_DOWNLOAD is set: here the download is wanted.
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], { env, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (result.status === 0 && binaryInstalled()) return undefined;
  const firstLine = result.stderr.split('\n').find((line) => line.trim() !== '');
  return firstLine?.trim() ?? `the download script ended with ${result.error?.message ?? `exit code ${result.status}`}`;
}

function cannotStart(reason: string): string {
  return [
    `npm start: Electron ${version}'s binary could not be downloaded for ${process.platform}-${process.arch} (${reason}).`,
    'The desktop app runs inside that binary, so it cannot open on this machine until the download works',
    "(a connection to github.com, or ELECTRON_MIRROR set to a mirror of Electron's releases; then run npm start again).",
    'Everything else works without it:',
    '  npx flash-creator --help   the command line: inspect, write, verify, drives',
    '  npm run harness            the same wizard in your browser, with image files as drives',
    '  npm test                   the tests',
    '',
  ].join('\n');
}
