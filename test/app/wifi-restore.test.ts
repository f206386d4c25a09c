// A restored server that now joins Wi-Fi: the restore's write with Wi-Fi settings creates
// config/wireless.cfg where the backup has none and replaces the backup's own where it has one,
// written by the wizard's in-process runner onto a harness image drive, verified, read back by mtools.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessWriteRunner } from '../../main/app-core/restore-job.js';
import { ImageDrives } from '../../main/harness/image-drives.js';
import { extractWithMtools } from '../fixtures/image-checks.js';
import { SAMPLE_TOP_FOLDER, writeSampleBackup } from '../fixtures/sample-backup.js';

const WIFI = { ssid: 'Home Net', security: 'sae', password: 'a long passphrase', country: 'NL' } as const;
const log = { path: '', info: () => undefined, error: () => undefined, flushed: () => Promise.resolve() };
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'wifi-restore-'));
});
afterAll(async () => rm(work, { recursive: true, force: true }));

describe('Wi-Fi in a restore', () => {
  for (const [name, entries] of [
    ['a backup without wireless.cfg gets one', []],
    ['a backup’s own wireless.cfg is replaced', [{ name: 'config/wireless.cfg', data: '[wlan0]\nWIFI="no"\n' }]],
  ] as const) {
    it(name, async () => {
      const folder = join(work, name.replace(/\W+/g, '-'));
      const zipPath = join(folder, 'backup.zip');
      await mkdir(folder, { recursive: true });
      const drives = new ImageDrives(folder);
      writeSampleBackup(zipPath, { topFolder: SAMPLE_TOP_FOLDER, entries: [...entries] });
      const drive = await drives.add({ size: 2 ** 30 });
      const result = await new InProcessWriteRunner(drives, log).run(
        { zipPath, device: drive.device, deviceSize: drive.size!, description: drive.description, guid: drive.guid, uefi: true, wifi: WIFI },
        () => undefined,
        new AbortController().signal,
      );
      expect(result).toMatchObject({ result: 'success', verification: { changedFiles: [expect.stringMatching(/^config\/wireless\.cfg$/i)] } });
      await extractWithMtools(drive.device, join(folder, 'out'));
      const text = await readFile(join(folder, 'out', 'config', 'wireless.cfg'), 'utf8');
      expect(text).toContain('WIFI="yes"');
      expect(text).toContain('REGION="NL"');
      expect(text).toContain('[Home Net]');
      expect(text).toContain('SECURITY="SAE"');
      expect(text).toContain('PASSWORD="a long passphrase"');
    }, 120_000);
  }
});
