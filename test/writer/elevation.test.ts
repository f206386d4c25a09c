// The unprivileged path for real: the CLI run as `nobody` must go through pkexec, and however
// pkexec fails on this machine (not installed, polkit not running, no agent) the user gets that
// failure's own message, exit 1, and the drive is not touched.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elevationFailure, launcherMissing } from '../../main/writer/launch.js';
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

function pkexecInstalled(): boolean {
  return spawnSync('sh', ['-c', 'command -v pkexec']).status === 0;
}

/** What the CLI should say about pkexec on this machine, learned by running pkexec as nobody. */
function pkexecFailureHere(): string | undefined {
  if (!pkexecInstalled()) return launcherMissing('pkexec', Object.assign(new Error('spawn pkexec ENOENT'), { code: 'ENOENT' }));
  const here = asNobody('pkexec', ['/bin/true']);
  return elevationFailure('linux', here.status, here.stderr);
}

describe('write --device without privileges', () => {
  it('asks pkexec, and says in its own words why that failed here', () => {
    const expected = pkexecFailureHere();
    expect(expected, 'every way pkexec fails here has its own message').toBeDefined();

    const before = execFileSync('sha256sum', [loop.backingFile]).toString();
    const result = asNobody(process.execPath, ['--import', 'tsx', CLI, 'write', zipPath, '--device', loop.device, '--unsafe', '--yes']);
    expect(result.stderr).toBe(`flash-creator write: ${expected}\nNothing was written to the drive.\n`);
    expect(result.status).toBe(1);
    expect(execFileSync('sha256sum', [loop.backingFile]).toString()).toBe(before);
  }, TEST_TIMEOUT_MS);
});
