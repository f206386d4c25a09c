// flash-creator backup, judged by other tools: mtools reads the source, unzip the zip. A flash
// restored by our writer is backed up, the zip inspected --deep and restored again, file for file;
// sticks made by mkfs.fat and used with mtools (FAT12/16/32) come out whole; a read-only loop
// device is read and left as it was.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { openImageSource } from '../../main/fat/byte-source.js';
import { findFatVolume } from '../../main/fat/open-volume.js';
import { walkVolume } from '../../main/fat/walk.js';
import { runCommand } from '../disk/restore-image.js';
import { makeFatImage, Mtools, useLikeAFlash, contentFor, type FatBits } from '../fixtures/fat-images.js';
import { extractWithMtools, extractWithUnzip, PARTITION_OFFSET, treeDifferences } from '../fixtures/image-checks.js';
import { mtoolsEnv, run as runProgram } from '../fixtures/test-release/command.js';
import { SAMPLE_TOP_FOLDER, writeSampleBackup } from '../fixtures/sample-backup.js';
import { formatMessage } from '../../shared/message.js';

let work: string;
let count = 0;
const fresh = (name: string): string => join(work, `${count++}-${name}`);

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'cli-backup-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const SECRETS = [
  { name: 'config/shadow', data: 'root:$6$salt$hash:19000:0:99999:7:::\n' },
  { name: 'config/smbpasswd', data: 'alice:1000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:0123456789ABCDEF0123456789ABCDEF:[U          ]:LCT-00000000:\n' },
  { name: 'config/wireguard/wg0.conf', data: '[Interface]\r\nPrivateKey = c2VjcmV0\r\nListenPort = 51820\r\n\r\n[Peer]\r\nPublicKey = cGVlcg==\r\nPresharedKey = cHNr\r\n' },
];
const JUNK = [
  { name: 'previous/bzimage', data: 'the release before' },
  { name: 'tower-v7.0.1-boot-backup-20250101-0101.zip', data: 'an older backup' },
  { name: 'System Volume Information/IndexerVolumeGuid', data: '{guid}' },
];

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Entry name → the DOS date and time words the zip stores. */
function zipTimes(path: string): Promise<Map<string, [number, number]>> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const times = new Map<string, [number, number]>();
      zip.on('entry', (entry: yauzl.Entry) => {
        times.set(entry.fileName.replace(/\/$/, ''), [entry.lastModFileDate, entry.lastModFileTime]);
        zip.readEntry();
      });
      zip.on('end', () => resolve(times));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

async function volumeTimes(imagePath: string, only?: 'file'): Promise<Map<string, [number, number]>> {
  const source = await openImageSource(imagePath);
  try {
    const found = await findFatVolume(source);
    if ('problem' in found) throw new Error(formatMessage(found.problem));
    const entries = (await walkVolume(found.volume)).entries.filter((entry) => only === undefined || entry.kind === only);
    return new Map(entries.map((entry) => [entry.path, [entry.dosDate, entry.dosTime]]));
  } finally {
    await source.close();
  }
}

describe('flash-creator backup of a flash our writer restored', () => {
  let flashImage: string;
  /** The flash's files as mtools reads them, less those a backup leaves out. */
  let expectedFiles: string;
  let outDir: string;
  let zipPath: string;
  let result: Awaited<ReturnType<typeof runCommand>>;

  beforeAll(async () => {
    const original = fresh('original.zip');
    writeSampleBackup(original, { topFolder: SAMPLE_TOP_FOLDER, entries: [...SECRETS, ...JUNK], serverName: 'Big Tower' });
    flashImage = fresh('flash.img');
    expect((await runCommand(['write', original, '--image', flashImage, '--size', '1G'])).code).toBe(0);
    expectedFiles = fresh('flash-files');
    await mkdir(expectedFiles);
    await extractWithMtools(flashImage, expectedFiles);
    for (const name of ['previous', 'tower-v7.0.1-boot-backup-20250101-0101.zip', 'System Volume Information']) {
      await rm(join(expectedFiles, name), { recursive: true });
    }
    outDir = fresh('out');
    await mkdir(outDir);
    result = await runCommand(['backup', '--image', flashImage, '--out', outDir]);
    zipPath = join(outDir, (await readdir(outDir))[0]!);
  });

  it('writes one zip, named as Unraid names it, and says what it left out and that it holds secrets', async () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await readdir(outDir)).toEqual([expect.stringMatching(/^big_tower-v7\.1\.4-boot-backup-\d{8}-\d{4}\.zip$/)]);
    expect(result.stdout).toContain('Left out, as Unraid\'s own backup does:\n  previous/: ');
    expect(result.stdout).toContain('  tower-v7.0.1-boot-backup-20250101-0101.zip: an earlier flash backup\n');
    expect(result.stdout).toContain('  System Volume Information/: ');
    expect(result.stdout).toContain('This zip holds the password hashes (config/shadow, config/smbpasswd), WireGuard private keys');
  });

  it('holds every file of the flash but the left-out ones, byte for byte, as unzip reads it', async () => {
    const unzipped = fresh('unzipped');
    await extractWithUnzip(zipPath, unzipped);
    expect(await treeDifferences(expectedFiles, unzipped)).toEqual([]);
  });

  it('uses no zip64 records, as none of its sizes needs them', async () => {
    const zip = await readFile(zipPath);
    expect(zip.subarray(-200).includes(Buffer.from([0x50, 0x4b, 0x06, 0x07]))).toBe(false);
    const endRecord = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const central = zip.subarray(zip.readUInt32LE(endRecord + 16), endRecord);
    let records = 0;
    // Every central directory record says "version 2.0 needed", not 4.5 (zip64).
    for (let at = 0; at < central.length; at += 46 + central.readUInt16LE(at + 28) + central.readUInt16LE(at + 30) + central.readUInt16LE(at + 32)) {
      expect(central.readUInt32LE(at)).toBe(0x02014b50);
      expect(central.readUInt16LE(at + 6)).toBe(20);
      records++;
    }
    expect(records).toBe(zip.readUInt16LE(endRecord + 10));
  });

  it('gives every entry the DOS date and time of its FAT entry', async () => {
    const onFlash = await volumeTimes(flashImage);
    const inZip = await zipTimes(zipPath);
    expect(inZip.size).toBeGreaterThan(50);
    for (const [path, times] of inZip) expect(times, path).toEqual(onFlash.get(path));
  });

  it('passes inspect --deep, and restores to the same files', async () => {
    const inspected = await runCommand(['inspect', '--deep', zipPath]);
    expect(inspected.code).toBe(0);
    expect(inspected.stdout).toContain('This backup can be restored.');
    expect(inspected.stdout).toContain('Server name  Big Tower');
    const again = fresh('again.img');
    const restored = await runCommand(['write', zipPath, '--image', again, '--size', '1G']);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    const againFiles = fresh('again-files');
    await mkdir(againFiles);
    await extractWithMtools(again, againFiles);
    // ldlinux.sys is made anew by every restore, patched for where it lies (verify checked it above).
    expect(restored.stdout).toContain('the legacy BIOS boot loader matches the release');
    expect(await treeDifferences(expectedFiles, againFiles)).toEqual([expect.stringMatching(/^differs: ldlinux\.sys /)]);
  });

  it('leaves the password hashes out and blanks the WireGuard keys with --without-secrets, and says so', async () => {
    const out = fresh('no-secrets.zip');
    const run = await runCommand(['backup', '--image', flashImage, '--out', out, '--without-secrets']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Without secrets: left out config/shadow and config/smbpasswd; WireGuard keys blanked in config/wireguard/wg0.conf.');
    expect(run.stdout).not.toContain('This zip holds the password hashes');
    const unzipped = fresh('no-secrets');
    await extractWithUnzip(out, unzipped);
    expect(await readdir(join(unzipped, 'config'))).not.toContain('shadow');
    expect(await readdir(join(unzipped, 'config'))).not.toContain('smbpasswd');
    expect(await readFile(join(unzipped, 'config/wireguard/wg0.conf'), 'latin1')).toBe('[Interface]\r\nPrivateKey = \r\nListenPort = 51820\r\n\r\n[Peer]\r\nPublicKey = \r\nPresharedKey = \r\n');
    expect((await runCommand(['inspect', '--deep', out])).code).toBe(0);
  });

  it('backs up the folder where the system mounted the flash, with its files\' times', async () => {
    const mounted = fresh('mounted');
    await mkdir(mounted);
    await runProgram('mcopy', ['-s', '-m', '-n', '-i', `${flashImage}@@${PARTITION_OFFSET}`, '::/', mounted], { env: mtoolsEnv });
    const out = fresh('from-folder.zip');
    const backup = await runCommand(['backup', '--folder', mounted, '--out', out]);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain(`Backing up the folder ${mounted} (a folder; Unraid 7.1.4, server Big Tower)`);
    const unzipped = fresh('from-folder');
    await extractWithUnzip(out, unzipped);
    expect(await treeDifferences(expectedFiles, unzipped)).toEqual([]);
    // mcopy -m kept the files' FAT times (not the folders'), which the zip has to the two seconds DOS counts in.
    const onFlash = await volumeTimes(flashImage, 'file');
    const inZip = await zipTimes(out);
    expect(onFlash.size).toBeGreaterThan(50);
    for (const [path, times] of onFlash) if (inZip.has(path)) expect(inZip.get(path), path).toEqual(times);
  });

  it('refuses to write the zip inside the folder it backs up', async () => {
    const mounted = fresh('mounted-inside');
    await mkdir(mounted);
    const refused = await runCommand(['backup', '--folder', mounted, '--out', join(mounted, 'backup.zip')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`flash-creator backup: the zip would be written inside ${mounted}, the flash being backed up: give --out a place elsewhere.\n`);
  });

  it('never overwrites a file that is there already', async () => {
    const out = fresh('taken.zip');
    await writeFile(out, 'mine');
    const run = await runCommand(['backup', '--image', flashImage, '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`flash-creator backup: ${out} already exists; give another --out, nothing was written.\n`);
    expect(await readFile(out, 'utf8')).toBe('mine');
  });

  it('reads a read-only loop device over the flash, with no --unsafe, and leaves it as it was', async () => {
    const before = await sha256Of(flashImage);
    const device = execFileSync('losetup', ['--read-only', '--find', '--show', flashImage]).toString().trim();
    try {
      const out = fresh('from-device.zip');
      const run = await runCommand(['backup', '--device', device, '--out', out]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Backing up the drive ${device} \\(.*\\) \\(FAT32 in partition 1; Unraid 7\\.1\\.4, server Big Tower\\)`));
      const unzipped = fresh('from-device');
      await extractWithUnzip(out, unzipped);
      expect(await treeDifferences(expectedFiles, unzipped)).toEqual([]);
    } finally {
      execFileSync('losetup', ['--detach', device]);
    }
    expect(await sha256Of(flashImage)).toBe(before);
  });
});

describe.each([12, 16, 32] as FatBits[])('flash-creator backup of a FAT%i stick made by mkfs.fat and used with mtools', (fatBits) => {
  it('holds every file, fragmented ones too, as mtools reads them', async () => {
    const image = await makeFatImage(fresh(`fat${fatBits}.img`), { fatBits, partitioned: fatBits !== 12 });
    const tools = new Mtools(image, fresh('stage'));
    await useLikeAFlash(tools, fatBits === 32 ? 512 : 1024, new Map([['config/ident.cfg', Buffer.from('NAME="Hand Made"\r\n')]]));
    const out = fresh(`fat${fatBits}.zip`);
    const run = await runCommand(['backup', '--image', image.path, '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`(FAT${fatBits} ${fatBits === 12 ? 'without a partition table' : 'in partition 1'}; Unraid version unknown, server Hand Made)`);
    const [fromFlash, fromZip] = [fresh('flash'), fresh('zip')];
    await mkdir(fromFlash);
    await extractWithMtools(image.path, fromFlash, image.volumeOffset);
    await extractWithUnzip(out, fromZip);
    expect(await treeDifferences(fromFlash, fromZip)).toEqual([]);
  });
});

describe('flash-creator backup of what is not an Unraid flash', () => {
  it('says what it is not, and writes nothing', async () => {
    const image = await makeFatImage(fresh('other.img'), { fatBits: 16, partitioned: true, label: 'PHOTOS' });
    await new Mtools(image, fresh('stage')).put('holiday.jpg', contentFor('jpg', 5000));
    const out = fresh('other.zip');
    const run = await runCommand(['backup', '--image', image.path, '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`flash-creator backup: the image ${image.path} is not an Unraid flash: its volume label is “PHOTOS”, not “UNRAID”; ` +
      'it has no config/ folder; it holds no Unraid release (bzimage and bzroot missing).\nNothing was written.\n');
    await expect(readdir(work)).resolves.not.toContain(out.slice(work.length + 1));
  });

  it('says when there is no FAT volume at all', async () => {
    const image = fresh('zeros.img');
    await writeFile(image, Buffer.alloc(1024 * 1024));
    const run = await runCommand(['backup', '--image', image, '--out', fresh('zeros.zip')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`flash-creator backup: the image ${image} is not an Unraid flash: it has neither a partition table nor a FAT volume at its start (no 55 AA signature).\nNothing was written.\n`);
  });

  it('asks for exactly one source', async () => {
    expect((await runCommand(['backup', '--out', fresh('x.zip')])).code).toBe(2);
    expect((await runCommand(['backup', '--image', 'a', '--folder', 'b'])).code).toBe(2);
  });
});

describe('flash-creator backup interrupted (SIGINT, as Ctrl+C sends it)', () => {
  it('stops, says so, and leaves neither a zip nor a partial file', async () => {
    const original = fresh('big.zip');
    writeSampleBackup(original, { releaseBytes: 300 * 1e6 });
    const flashImage = fresh('big.img');
    expect((await runCommand(['write', original, '--image', flashImage, '--size', '1G'])).code).toBe(0);
    const outDir = fresh('interrupted');
    await mkdir(outDir);
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli.ts', 'backup', '--image', flashImage, '--out', outDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      // Interrupted once the zip is being written: the partial file is there.
      if (stdout.includes('Backing up') && !interrupted) {
        interrupted = true;
        void waitForPartial(outDir).then(() => child.kill('SIGINT'));
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).toBe('flash-creator backup: cancelled. No zip was left behind (the partial file is deleted).\n');
    expect(code).toBe(1);
    expect(await readdir(outDir)).toEqual([]);
  });
});

/** Resolves once a partial zip appears in the folder. */
async function waitForPartial(folder: string): Promise<void> {
  for (let tries = 0; tries < 500; tries++) {
    if ((await readdir(folder)).some((name) => name.endsWith('.partial'))) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
