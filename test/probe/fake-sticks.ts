// Counterfeit and failing sticks as real block devices: a FUSE file (test/fixtures/fake-stick.py,
// Debian's python3-fuse) under a loop device. Unmounted and detached after the tests, even when
// they fail; only what was made here is ever touched.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../fixtures/fake-stick.py', import.meta.url));

export type FakeStickOptions =
  | { readonly mode: 'wrap' | 'drop'; readonly claimed: number; readonly real: number }
  | { readonly mode: 'eio'; readonly claimed: number; readonly badFrom: number; readonly badTo: number };

export interface FakeStick {
  readonly device: string;
  readonly backingFile: string;
}

interface Made {
  readonly folder: string;
  readonly mountpoint: string;
  readonly server: ChildProcess;
  device?: string;
}

const made: Made[] = [];

export async function makeFakeStick(options: FakeStickOptions): Promise<FakeStick> {
  const folder = await mkdtemp(join(tmpdir(), 'fake-stick-'));
  const mountpoint = join(folder, 'mnt');
  const backingFile = join(folder, 'memory.bin');
  execFileSync('mkdir', [mountpoint]);
  const real = options.mode === 'eio' ? options.claimed : options.real;
  await writeFile(backingFile, '');
  await truncate(backingFile, real);
  const mountOptions = [`backing=${backingFile}`, `claimed=${options.claimed}`, `real=${real}`, `mode=${options.mode}`];
  if (options.mode === 'eio') mountOptions.push(`bad_from=${options.badFrom}`, `bad_to=${options.badTo}`);
  // -f: in the foreground, so the test owns the process; -s: one thread.
  const server = spawn('/usr/bin/python3', [SCRIPT, mountpoint, '-f', '-s', '-o', mountOptions.join(',')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  server.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const entry: Made = { folder, mountpoint, server };
  made.push(entry);
  const file = join(mountpoint, 'stick');
  for (let waited = 0; !existsSync(file); waited += 50) {
    if (waited > 10_000 || server.exitCode !== null) throw new Error(`The fake stick did not mount: ${stderr.trim() || 'no message'}`);
    await sleep(50);
  }
  entry.device = execFileSync('losetup', ['--find', '--show', file]).toString().trim();
  return { device: entry.device, backingFile };
}

/** Detaches, unmounts and deletes every fake stick made here. */
export async function removeFakeSticks(): Promise<void> {
  for (const entry of made.splice(0)) {
    try {
      if (entry.device) execFileSync('losetup', ['--detach', entry.device]);
    } finally {
      await unmount(entry.mountpoint);
      if (entry.server.exitCode === null) entry.server.kill('SIGKILL');
      if (entry.server.exitCode === null) await new Promise((done) => entry.server.once('exit', done));
      await rm(entry.folder, { recursive: true, force: true });
    }
  }
}

/** The loop device lets go of the file a moment after it is detached: retry, then detach the mount lazily. */
async function unmount(mountpoint: string): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      execFileSync('umount', [mountpoint], { stdio: 'ignore' });
      return;
    } catch {
      await sleep(100);
    }
  }
  execFileSync('umount', ['--lazy', mountpoint]);
}
