// `flash-creator drives` on this machine's real drives (its system disk and a zram device; no USB
// stick): through runCli with captured streams, and as a process, the way a user runs it.
import { execFile } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { list as listSystemDrives } from 'drivelist';
import { describe, expect, it } from 'vitest';
import { isCandidateDrive, type DriveSummary } from '../../shared/drives.js';
import { runCli } from '../../main/cli/run.js';
import { systemDisk } from '../fixtures/drives/host.js';

interface Listing {
  readonly drives: DriveSummary[];
  readonly hiddenCount: number;
}

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = { stdout: '', stderr: '' };
  const sink = (name: keyof typeof output) =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        output[name] += chunk.toString();
        done();
      },
    });
  const code = await runCli(['drives', ...args], { stdout: sink('stdout'), stderr: sink('stderr') });
  return { code, ...output };
}

describe('flash-creator drives', () => {
  it('--json --all prints one JSON object with every drive drivelist sees, the system disk refused', async () => {
    const { code, stdout, stderr } = await run('--json', '--all');
    expect([code, stderr]).toEqual([0, '']);
    const listing = JSON.parse(stdout) as Listing;
    const devices = (await listSystemDrives()).map((drive) => drive.device);
    expect(listing.drives.map((drive) => drive.device).sort()).toEqual(devices.sort());
    expect(listing.hiddenCount).toBe(0);
    const system = listing.drives.find((drive) => drive.device === systemDisk());
    expect(system?.verdict).toBe('refused');
    expect(system?.reasons[0]?.code).toBe('system-drive');
  });

  it('--json leaves out the system disk and virtual drives, and counts them', async () => {
    const all = JSON.parse((await run('--json', '--all')).stdout) as Listing;
    const listing = JSON.parse((await run('--json')).stdout) as Listing;
    expect(listing.drives).toEqual(all.drives.filter(isCandidateDrive));
    expect(listing.hiddenCount).toBe(all.drives.length - listing.drives.length);
    expect(listing.drives.map((drive) => drive.device)).not.toContain(systemDisk());
  });

  it('prints a table by default, and the table of --all shows the system disk with its reason', async () => {
    const listing = JSON.parse((await run('--json')).stdout) as Listing;
    const table = await run();
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(listing.drives.length > 0 ? /^DEVICE +SIZE +DESCRIPTION +UNRAID GUID +VERDICT\n/u : /^No flash drive found/u);
    if (listing.hiddenCount > 0) expect(table.stdout).toContain('--all lists them.');
    const all = await run('--all');
    expect(all.stdout.split('\n').find((line) => line.startsWith(`${systemDisk()} `))).toMatch(/ refused$/u);
    expect(all.stdout).toContain("  - It is one of this computer's own disks");
  });

  it('refuses unknown options and arguments with the usage, exit code 2', async () => {
    const unknown = await run('--bogus');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^flash-creator drives: Unknown option '--bogus'/u);
    expect(unknown.stderr).toContain('flash-creator drives [--json] [--all]');
    expect((await run('/dev/sdb')).code).toBe(2);
  });

  it('runs as a command: exit code 0 and one JSON object on stdout', async () => {
    const cli = fileURLToPath(new URL('../../main/cli.ts', import.meta.url));
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', cli, 'drives', '--json', '--all']);
    expect(stderr).toBe('');
    expect((JSON.parse(stdout) as Listing).drives.map((drive) => drive.device)).toContain(systemDisk());
  });
});
