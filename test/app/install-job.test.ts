// The app's install job through the service's IPC answers, with real parts: a local feed and the
// bootable test release as Unraid's release zip on 127.0.0.1 (dropping the connection once
// part-way), image drives as the harness lists them, the in-process write runner. A release of the
// list is downloaded, written with the first settings and verified in one job, its checklist at the
// end; the second install downloads nothing; a release zip opened as a backup is installed too, a
// backup is not; a wrong hash and an unreachable list end with their sentences and the drive
// untouched; the system's proxy (an injected resolver, as Electron's session.resolveProxy is in the
// app) carries the list and the download through a CONNECT tunnel.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileLogger } from '../../main/app-core/log.js';
import { InProcessWriteRunner } from '../../main/app-core/restore-job.js';
import { FlashCreatorService } from '../../main/app-core/service.js';
import type { ReleaseOptions } from '../../main/app-core/service-options.js';
import { ImageDrives } from '../../main/harness/image-drives.js';
import type { DriveList, EventChannel, EventOf, WriteOutcome, WriteProgress } from '../../shared/ipc.js';
import { allocatedBytes, extractWithMtools } from '../fixtures/image-checks.js';
import { buildTestRelease, zipTestRelease } from '../fixtures/test-release.js';
import { startReleaseServer, type ReleaseServer } from '../releases/release-server.js';

const VERSION = '7.2.1';
const ZIP_NAME = `unRAIDServer-${VERSION}-x86_64.zip`;
const WIFI = { ssid: 'Home Net', security: 'psk', password: 'correct horse', country: 'DE' } as const;
let work: string;
let zipPath: string;
let backupZip: string;
let server: ReleaseServer;

function feed(sha256: string): string {
  return JSON.stringify({
    imager: { latest_version: '1.0.0' },
    os_list: [
      {
        name: `Unraid ${VERSION}`, url: `${server.base}/dl/${ZIP_NAME}`, release_date: '2026-01-01', website: 'https://docs.unraid.net/unraid-os/release-notes/7.2.1/',
        image_download_size: readFileSync(zipPath).length, extract_size: 400 * 2 ** 20, extract_sha256: sha256,
      },
      { name: 'Unraid Next', subitems: [{ name: 'Unraid 7.3.0-rc.1', url: `${server.base}/dl/unRAIDServer-7.3.0-rc.1-x86_64.zip`, release_date: '2026-02-01' }] },
    ],
  });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'app-install-'));
  zipPath = join(work, ZIP_NAME);
  await zipTestRelease(await buildTestRelease(join(work, 'release'), { version: VERSION, config: 'release' }), zipPath);
  backupZip = join(work, 'tower-backup.zip');
  await zipTestRelease(await buildTestRelease(join(work, 'backup'), { version: VERSION }), backupZip);
  const zipHash = createHash('sha256').update(await readFile(zipPath)).digest('hex');
  server = await startReleaseServer();
  server.files.set(`/dl/${ZIP_NAME}`, { body: await readFile(zipPath), behaviour: { drop: { at: 2 * 2 ** 20, times: 1 } } });
  server.files.set('/feed', { body: Buffer.from(feed(zipHash)), behaviour: 'good' });
  server.files.set('/wrong-hash', { body: Buffer.from(feed('0'.repeat(64))), behaviour: 'good' });
  server.files.set('/garbage', { body: Buffer.from('{"os_list": [{"name": "Unraid 7.2.1"}]}'), behaviour: 'good' });
}, 300_000);

afterAll(async () => {
  await server.close();
  await rm(work, { recursive: true, force: true });
});

interface Bench {
  readonly service: FlashCreatorService;
  readonly drives: ImageDrives;
  readonly progress: WriteProgress[];
  finished(): Promise<WriteOutcome>;
  /** The id of the drive described so, in the latest list. */
  driveId(description: string): Promise<string>;
  close(): Promise<void>;
}

async function bench(name: string, releases: ReleaseOptions): Promise<Bench> {
  const folder = join(work, name);
  const drives = new ImageDrives(join(folder, 'drives'));
  const log = fileLogger(join(folder, 'app.log'));
  const runner = new InProcessWriteRunner(drives, log);
  const progress: WriteProgress[] = [];
  const outcomes: WriteOutcome[] = [];
  let lists: DriveList[] = [];
  const service = new FlashCreatorService({
    drives, runner, prober: runner, flashReader: runner, log, progressInterval: 0, releases: { cache: join(folder, 'cache'), retry: { attempts: 3, backoffMs: 50 }, ...releases },
    chooseSaveFile: async () => null,
    emit: <E extends EventChannel>(channel: E, payload: EventOf<E>) => {
      if (channel === 'write:progress') progress.push(payload as WriteProgress);
      if (channel === 'write:finished') outcomes.push(payload as WriteOutcome);
      if (channel === 'drives:changed') lists = [...lists, payload as DriveList];
    },
  });
  return {
    service, drives, progress,
    finished: async () => {
      await expect.poll(() => outcomes.length, { timeout: 120_000, interval: 100 }).toBeGreaterThan(0);
      return outcomes.shift()!;
    },
    driveId: async (description) => {
      await expect.poll(() => lists.at(-1)?.drives.some((drive) => drive.description === description), { timeout: 10_000 }).toBe(true);
      return lists.at(-1)!.drives.find((drive) => drive.description === description)!.id;
    },
    close: () => service.close(),
  };
}

async function value<T>(answer: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>): Promise<T> {
  const result = await answer;
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

/** The config files on a written image, as the server will read them. */
async function configOf(image: string, into: string): Promise<Record<string, string>> {
  await extractWithMtools(image, into);
  const read = (name: string) => readFile(join(into, 'config', name), 'utf8').catch(() => '');
  return { ident: await read('ident.cfg'), network: await read('network.cfg'), wireless: await read('wireless.cfg') };
}

describe('the install job', () => {
  it('lists the releases, downloads one (resuming a dropped connection), writes it with the first settings and verifies it, with the checklist; the second install downloads nothing', async () => {
    const { service, drives, progress, finished, driveId, close } = await bench('listed', { feed: `${server.base}/feed` });
    try {
      const drive = await drives.add({ size: 4 * 2 ** 30, description: 'New stick' });
      const list = await value(service.handle('releases:list', { address: null }));
      expect(list.address).toBe(`${server.base}/feed`);
      expect(list.releases.map((release) => [release.version, release.next, release.cached, release.verifiable])).toEqual([[VERSION, false, false, true], ['7.3.0-rc.1', true, false, false]]);
      expect(list.releases[0]).toMatchObject({ releaseDate: '2026-01-01', notes: 'https://docs.unraid.net/unraid-os/release-notes/7.2.1/' });
      const releaseId = list.releases[0]!.releaseId;

      // Drives are named by the list judged for the release: before it is chosen, the install is refused.
      const before = await driveId('New stick');
      expect(await service.handle('install:start', { sourceId: releaseId, driveId: before, uefi: true })).toMatchObject({ ok: false, error: { code: 'unknown-drive' } });
      await value(service.handle('release:choose', { releaseId }));
      const network = { dhcp: false, address: '192.168.1.50', netmask: '255.255.255.0', gateway: '192.168.1.1', dns: '' };
      const started = await value(service.handle('install:start', { sourceId: releaseId, driveId: await driveId('New stick'), uefi: true, serverName: 'NAS1', network, wifi: WIFI }));
      const outcome = await finished();
      expect(outcome).toMatchObject({ jobId: started.jobId, result: 'success', drive: { device: drive.device } });
      expect(progress.map((event) => event.phase).filter((phase, index, phases) => phase !== phases[index - 1])).toEqual(['downloading', 'preparing', 'writing', 'boot-loader', 'verifying']);
      // One bar over the whole job: it never goes back, the download fills its first third, the write and read-back the rest.
      const fractions = progress.map((event) => event.fraction);
      expect(fractions.every((fraction, index) => index === 0 || fraction >= fractions[index - 1]!)).toBe(true);
      expect(progress.filter((event) => event.phase === 'downloading').at(-1)!.fraction).toBeCloseTo(1 / 3, 5);
      expect(fractions.at(-1)).toBe(1);
      expect(server.log.filter((line) => line.startsWith(`GET /dl/${ZIP_NAME}`))).toHaveLength(2);
      expect(outcome.checklist?.map((section) => section.id)).toEqual(['new-open', 'new-root-password', 'new-registration', 'new-array', 'new-wifi', 'new-flash-backup']);
      expect(JSON.stringify(outcome.checklist)).toContain('http://nas1.local');
      expect(JSON.stringify(outcome.checklist)).toContain('http://192.168.1.50');

      const config = await configOf(drive.device, join(work, 'listed', 'extracted'));
      expect(config.ident).toContain('NAME="NAS1"');
      expect(config.network).toMatch(/USE_DHCP="no"[\s\S]*IPADDR="192\.168\.1\.50"[\s\S]*NETMASK="255\.255\.255\.0"[\s\S]*GATEWAY="192\.168\.1\.1"/);
      expect(config.wireless).toContain('[Home Net]');
      expect(config.wireless).toContain('PASSWORD="correct horse"');

      // Listed again, the release is cached; installed again, it is hashed, not downloaded.
      const again = await value(service.handle('releases:list', { address: null }));
      expect(again.releases[0]!.cached).toBe(true);
      await value(service.handle('release:choose', { releaseId: again.releases[0]!.releaseId }));
      const downloads = server.log.length;
      await value(service.handle('install:start', { sourceId: again.releases[0]!.releaseId, driveId: await driveId('New stick'), uefi: false }));
      expect(await finished()).toMatchObject({ result: 'success' });
      expect(server.log.slice(downloads).filter((line) => line.includes('/dl/'))).toEqual([]);
      // An id of the list before is no longer known.
      expect(await service.handle('release:choose', { releaseId })).toMatchObject({ ok: false, error: { code: 'unknown-release' } });
    } finally {
      await close();
    }
  }, 240_000);

  it('installs a release zip opened as a backup is, and refuses a backup zip with the reason', async () => {
    const { service, drives, finished, driveId, close } = await bench('zip', {});
    try {
      const drive = await drives.add({ size: 4 * 2 ** 30, description: 'Zip stick' });
      const backup = await value(service.handle('backup:open', { path: backupZip }));
      expect(backup.report.kind).toBe('backup');
      const refused = await service.handle('install:start', { sourceId: backup.backupId, driveId: await driveId('Zip stick'), uefi: true });
      expect(refused).toMatchObject({ ok: false, error: { code: 'backup-blocked', message: { code: 'release.not-a-release', params: { zip: 'tower-backup.zip' } } } });

      const release = await value(service.handle('backup:open', { path: zipPath }));
      expect(release.report.kind).toBe('release');
      await value(service.handle('install:start', { sourceId: release.backupId, driveId: await driveId('Zip stick'), uefi: true, serverName: 'FromZip' }));
      const outcome = await finished();
      expect(outcome).toMatchObject({ result: 'success' });
      expect(JSON.stringify(outcome.checklist)).toContain('http://fromzip.local');
      expect((await configOf(drive.device, join(work, 'zip', 'extracted'))).ident).toContain('NAME="FromZip"');
    } finally {
      await close();
    }
  }, 240_000);

  it('stops on a download whose SHA-256 is not the list\'s, the drive untouched, and says so', async () => {
    const { service, drives, finished, driveId, close } = await bench('wrong-hash', { feed: `${server.base}/wrong-hash` });
    try {
      const drive = await drives.add({ size: 4 * 2 ** 30, description: 'Untouched stick' });
      const list = await value(service.handle('releases:list', { address: null }));
      await value(service.handle('release:choose', { releaseId: list.releases[0]!.releaseId }));
      await value(service.handle('install:start', { sourceId: list.releases[0]!.releaseId, driveId: await driveId('Untouched stick'), uefi: true }));
      const outcome = await finished();
      expect(outcome).toMatchObject({ result: 'failed', phase: 'downloading', sentences: [{ code: 'release.hash-mismatch', params: { name: ZIP_NAME } }], advice: [{ code: 'release.try-zip' }] });
      // A sparse file no byte was ever written to.
      expect(await allocatedBytes(drive.device)).toBe(0);
    } finally {
      await close();
    }
  }, 120_000);

  it('says the list does not answer (refused as unreachable, for the renderer to offer retrying or a zip), and refuses a list address that is not https', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const { port } = closed.address() as AddressInfo;
    await new Promise((done) => closed.close(done));
    const { service, close } = await bench('offline', {});
    try {
      expect(await service.handle('releases:list', { address: `http://127.0.0.1:${port}/feed` })).toMatchObject({
        ok: false, error: { code: 'unreachable', message: { code: 'release.feed-unreachable', params: { detail: 'ECONNREFUSED' } } },
      });
      expect(await service.handle('releases:list', { address: 'http://example.com/feed' })).toMatchObject({ ok: false, error: { code: 'invalid-request', message: { code: 'release.feed-bad-url' } } });
      expect(await service.handle('releases:list', { address: `${server.base}/garbage` })).toMatchObject({ ok: false, error: { code: 'failed', message: { code: 'release.feed-bad-field' } } });
    } finally {
      await close();
    }
  }, 60_000);

  it('goes through the proxy the system names (a CONNECT tunnel) for the list and the download', async () => {
    const proxy = await startConnectProxy();
    const asked: string[] = [];
    const resolveProxy = async (url: string) => (asked.push(url), `http://127.0.0.1:${proxy.port}`);
    const { service, drives, finished, driveId, close } = await bench('proxied', { feed: `${server.base}/feed`, resolveProxy });
    try {
      await drives.add({ size: 4 * 2 ** 30, description: 'Proxied stick' });
      const list = await value(service.handle('releases:list', { address: null }));
      await value(service.handle('release:choose', { releaseId: list.releases[0]!.releaseId }));
      await value(service.handle('install:start', { sourceId: list.releases[0]!.releaseId, driveId: await driveId('Proxied stick'), uefi: true }));
      expect(await finished()).toMatchObject({ result: 'success' });
      const authority = new URL(server.base).host;
      expect(asked).toEqual(expect.arrayContaining([`${server.base}/feed`, `${server.base}/dl/${ZIP_NAME}`]));
      expect(proxy.seen.length).toBeGreaterThanOrEqual(2);
      expect(new Set(proxy.seen)).toEqual(new Set([authority]));
    } finally {
      await close();
      await proxy.close();
    }
  }, 240_000);
});

/** A forward proxy on 127.0.0.1 that only tunnels (CONNECT), recording each authority asked for. */
async function startConnectProxy(): Promise<{ port: number; seen: string[]; close: () => Promise<void> }> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const proxy: Server = createServer((_request, response) => response.writeHead(405).end());
  proxy.on('connect', (request, client: Socket, head: Buffer) => {
    seen.push(request.url ?? '');
    const [host = '', port = ''] = (request.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
  return {
    port: (proxy.address() as AddressInfo).port,
    seen,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((done) => proxy.close(() => done()));
    },
  };
}
