// The unprivileged path for real: the CLI run as `nobody` must go through pkexec, and however
// pkexec fails on this machine (not installed, polkit not running, no agent) the user gets that
// failure's own message, exit 1, and the drive is not touched. Run with a Node that nobody could
// replace, it must not ask pkexec at all.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, linkSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTrust, untrustedInstall } from '../../main/writer/install-trust.js';
import { writerInvocation } from '../../main/writer/client.js';
import { elevationCommand, elevationFailure, launcherMissing } from '../../main/writer/launch.js';
import { formatMessage, message } from '../../shared/message.js';
import { setUpDriveBench, tearDownDriveBench, type DriveBench, type LoopDevice } from '../flash/loop-device.js';

const TEST_TIMEOUT_MS = 120_000;
const PROJECT = join(import.meta.dirname, '../..');
const CLI = join(PROJECT, 'main/cli.ts');
let bench: DriveBench;
let work: string;
let zipPath: string;
let loop: LoopDevice;

beforeAll(async () => {
  bench = await setUpDriveBench('elevation-');
  ({ work, zipPath, loop } = bench);
});

afterAll(() => tearDownDriveBench(bench));

function asNobody(command: string, args: string[]): { status: number | null; stderr: string } {
  // From the project folder, so `--import tsx` resolves.
  const result = spawnSync('runuser', ['-u', 'nobody', '--', command, ...args], { encoding: 'utf8', cwd: PROJECT, env: { ...process.env, HOME: work } });
  return { status: result.status, stderr: result.stderr };
}

/** pkexec as the writer is started with it: named in full. */
const PKEXEC = elevationCommand('linux', { node: '/bin/true', args: [] }).command;

/** What the CLI should say about pkexec on this machine, learned by running pkexec as nobody. */
function pkexecFailureHere(): string | undefined {
  if (!existsSync(PKEXEC)) return launcherMissing(PKEXEC, Object.assign(new Error(`spawn ${PKEXEC} ENOENT`), { code: 'ENOENT' }));
  const here = asNobody(PKEXEC, ['/bin/true']);
  return elevationFailure('linux', here.status, here.stderr);
}

/**
 * Whether this checkout may be elevated at all: a clone in a folder anyone may write to (/tmp) is
 * refused before pkexec is asked, and then that refusal is what the user must read.
 */
const checkoutTrust = installTrust(writerInvocation('0'.repeat(64)).files);

describe('write --device without privileges', () => {
  it(checkoutTrust.trusted ? 'asks pkexec, and says in its own words why that failed here' : 'refuses to elevate this checkout, which lies in a folder others may change, before asking pkexec', () => {
    const expected = checkoutTrust.trusted ? pkexecFailureHere() : formatMessage(untrustedInstall(checkoutTrust.reason, 'linux'));
    expect(expected, 'every way pkexec fails here has its own message').toBeDefined();

    const before = execFileSync('sha256sum', [loop.backingFile]).toString();
    const result = asNobody(process.execPath, ['--import', 'tsx', CLI, 'write', zipPath, '--device', loop.device, '--unsafe', '--yes']);
    expect(result.stderr).toBe(`flash-creator write: ${expected}\nNothing was written to the drive.\n`);
    expect(result.status).toBe(1);
    expect(execFileSync('sha256sum', [loop.backingFile]).toString()).toBe(before);
  }, TEST_TIMEOUT_MS);

  it('with a Node nobody could replace, refuses to elevate it, saying why and what to do instead', () => {
    const folder = mkdtempSync(join(tmpdir(), 'untrusted-node-'));
    try {
      const node = join(folder, 'node');
      try {
        linkSync(process.execPath, node);
      } catch {
        copyFileSync(process.execPath, node);
      }
      chmodSync(folder, 0o755);
      const nobody = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim());
      chownSync(folder, nobody, nobody);
      const before = execFileSync('sha256sum', [loop.backingFile]).toString();
      const result = asNobody(node, ['--import', 'tsx', CLI, 'write', zipPath, '--device', loop.device, '--unsafe', '--yes']);
      const refusal = formatMessage(untrustedInstall(message('install.reason.owner', { path: folder }), 'linux'));
      expect(result.stderr).toBe(`flash-creator write: ${refusal}\nNothing was written to the drive.\n`);
      expect(result.status).toBe(1);
      expect(execFileSync('sha256sum', [loop.backingFile]).toString()).toBe(before);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, TEST_TIMEOUT_MS);
});
