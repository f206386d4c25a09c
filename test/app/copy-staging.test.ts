// The app's copy stages the old flash in the system's temporary folder between reading it and
// writing the new drive. That zip holds the server's password hashes and keys, so it is encrypted
// under a one-time key held in memory: looked at every few milliseconds while a real copy runs
// (image drives as the harness lists them, the in-process reader and write runner), the stage
// holds no readable secret at any moment, yet the new drive has them all, and nothing is left.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveError, openArchive, type Archive } from '../../main/backup/archive.js';
import { extractWithMtools } from '../fixtures/image-checks.js';
import { oldFlashImage, serviceBench } from './service-bench.js';

const MIB = 2 ** 20;
const SECRETS = ['$6$salt$hash', 'PrivateKey = c2VjcmV0'];
let work: string;
let oldImage: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'app-copy-staging-'));
  oldImage = join(work, 'old-flash.img');
  await oldFlashImage(oldImage, [
    { name: 'config/shadow', data: `root:${SECRETS[0]}:19000:0:99999:7:::\n` },
    { name: 'config/wireguard/wg0.conf', data: `[Interface]\n${SECRETS[1]}\n` },
  ]);
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Every state of every file of the copy's stages, as seen while the copy runs. */
function watchStages(before: ReadonlySet<string>): { stop(): Map<string, Buffer>; stagesLeft(): string[] } {
  const seen = new Map<string, Buffer>();
  const stages = () => readdirSync(tmpdir()).filter((name) => name.startsWith('flash-creator-copy-') && !before.has(name));
  const look = setInterval(() => {
    for (const stage of stages()) {
      for (const name of readdirSync(join(tmpdir(), stage), { recursive: true }) as string[]) {
        let bytes: Buffer;
        try {
          bytes = readFileSync(join(tmpdir(), stage, name));
        } catch {
          continue; // gone, or a folder
        }
        seen.set(`${stage}/${name}:${bytes.length}`, bytes);
      }
    }
  }, 5);
  return {
    stop: () => {
      clearInterval(look);
      return seen;
    },
    stagesLeft: stages,
  };
}

describe("the app's copy", () => {
  it('stages the old flash encrypted: the temporary folder holds no readable secret at any moment, the new drive has them all, and the stage is gone', async () => {
    const { service, drives, driveId, firstWrite } = serviceBench(work);
    const before = new Set(readdirSync(tmpdir()));
    const watching = watchStages(before);
    try {
      await drives.add({ size: 256 * MIB, description: 'Old Cruzer Fit', holding: oldImage });
      const target = await drives.add({ size: 1024 * MIB, description: 'SanDisk Ultra' });
      const sourceId = await driveId('Old Cruzer Fit', { unraid: true });
      const started = await service.handle('clone:start', { sourceId, driveId: await driveId('SanDisk Ultra'), confirmation: 'SanDisk Ultra' });
      expect(started.ok, JSON.stringify(started)).toBe(true);
      const outcome = await firstWrite();
      expect(outcome.result, JSON.stringify(outcome)).toBe('success');

      const seen = watching.stop();
      expect(watching.stagesLeft()).toEqual([]);
      // Read as anyone could: the bytes as they are, and every entry of each state that opens as a zip.
      const readable: string[] = [];
      let lockedZips = 0;
      const snapshot = join(work, 'snapshot.zip');
      for (const [label, bytes] of seen) {
        if (SECRETS.some((secret) => bytes.includes(secret))) readable.push(label);
        await writeFile(snapshot, bytes);
        const archive: Archive | unknown = await openArchive(snapshot).catch((error: unknown) => error);
        if (archive instanceof ArchiveError && archive.code === 'passphrase-needed') lockedZips++;
        if (archive instanceof Error) continue;
        const opened = archive as Archive;
        for (const entry of opened.entries.filter((candidate) => candidate.kind === 'file')) {
          const content = await opened.openEntry(entry).then(buffer, () => Buffer.alloc(0));
          if (SECRETS.some((secret) => content.includes(secret))) readable.push(`${label} ${entry.name}`);
        }
        opened.close();
      }
      expect(lockedZips, 'the whole staged zip was seen, and it needs a passphrase').toBeGreaterThan(0);
      expect(readable).toEqual([]);

      const copied = join(work, 'copied');
      await mkdir(copied);
      await extractWithMtools(target.device, copied);
      expect(readFileSync(join(copied, 'config', 'shadow'), 'utf8')).toContain(SECRETS[0]);
      expect(readFileSync(join(copied, 'config', 'wireguard', 'wg0.conf'), 'utf8')).toContain(SECRETS[1]);
    } finally {
      watching.stop();
      await service.close();
    }
  }, 240_000);
});
