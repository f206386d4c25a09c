// Downloads against a real, misbehaving HTTP server on 127.0.0.1: resumed with Range after a drop,
// restarted when Range is ignored or refused, retried after a 500, given up after a 404 or a stall,
// a wrong hash deleted; the cache reused only after it is hashed again; the feed fetched and refused.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheDirectory, sha256File } from '../../main/releases/cache.js';
import { DownloadError, downloadRelease, type DownloadOptions } from '../../main/releases/download.js';
import { FeedError } from '../../main/releases/feed.js';
import { feedAddress, fetchReleases } from '../../main/releases/fetch-feed.js';
import { formatMessage } from '../../shared/message.js';
import { startReleaseServer, type Behaviour, type ReleaseServer } from './release-server.js';
import { testTempFolder } from '../fixtures/temp-folder.js';

const SIZE = 6 * 2 ** 20 + 12_345;
const BODY = Buffer.alloc(SIZE);
for (let i = 0; i * 32 < SIZE; i++) createHash('sha256').update(String(i)).digest().copy(BODY, i * 32);
const HASH = createHash('sha256').update(BODY).digest('hex');
const FAST: Omit<DownloadOptions, 'cacheDir'> = { attempts: 4, backoffMs: 10, connectTimeoutMs: 2000, stallTimeoutMs: 300, reserveBytes: 0 };

let server: ReleaseServer;
let count = 0;
beforeAll(async () => {
  server = await startReleaseServer();
});
afterAll(() => server.close());

/** A release served with `behaviour`, and an empty cache folder of its own. */
function serve(behaviour: Behaviour, sha256: string | null = HASH) {
  const fileName = `unRAIDServer-7.3.${count++}-x86_64.zip`;
  server.files.set(`/${fileName}`, { body: BODY, behaviour });
  const cacheDir = testTempFolder('release-cache-');
  return { release: { url: `${server.base}/${fileName}`, fileName, sha256, downloadBytes: SIZE }, cacheDir, requests: () => server.log.filter((line) => line.includes(fileName)) };
}

async function failure(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(() => undefined, (caught: unknown) => caught);
  if (error instanceof DownloadError || error instanceof FeedError) return formatMessage(error.reason);
  throw new Error(`expected a DownloadError, got ${String(error)}`);
}

describe('downloading a release', () => {
  it('hashes while downloading, keeps the zip in the cache, and reuses it only after hashing it again', async () => {
    const { release, cacheDir, requests } = serve('good');
    const first = await downloadRelease(release, { ...FAST, cacheDir });
    expect(first).toMatchObject({ sha256: HASH, verified: true, fromCache: false, attempts: 1, received: SIZE, notices: [] });
    expect(readFileSync(first.path).equals(BODY)).toBe(true);
    const again = await downloadRelease(release, { ...FAST, cacheDir });
    expect(again).toMatchObject({ path: first.path, fromCache: true, received: 0 });
    expect(requests()).toHaveLength(1);
  });

  it('downloads a tampered cache file again, and says so', async () => {
    const { release, cacheDir, requests } = serve('good');
    const { path } = await downloadRelease(release, { ...FAST, cacheDir });
    const tampered = Buffer.from(BODY);
    tampered.writeUInt8(tampered.readUInt8(100) ^ 1, 100);
    writeFileSync(path, tampered);
    const again = await downloadRelease(release, { ...FAST, cacheDir });
    expect(again).toMatchObject({ fromCache: false, sha256: HASH });
    expect(again.notices.map(formatMessage)).toEqual([`The copy of ${release.fileName} kept from an earlier download no longer matches its SHA-256, so it is downloaded again.`]);
    expect(requests()).toHaveLength(2);
  });

  it('resumes with Range after the connection drops part-way, twice', async () => {
    const { release, cacheDir, requests } = serve({ drop: { at: 2 * 2 ** 20, times: 2 } });
    const done = await downloadRelease(release, { ...FAST, cacheDir });
    expect(done).toMatchObject({ sha256: HASH, verified: true, attempts: 3 });
    const ranges = requests().map((line) => line.split(' ')[2]);
    expect(ranges[0]).toBe('-');
    expect(ranges.slice(1).every((range) => /^bytes=\d+-$/.test(range!) && range !== 'bytes=0-')).toBe(true);
    expect(done.received).toBeLessThan(SIZE + 2 * 2 ** 20);
  });

  it('starts again from zero when the server ignores Range (200) or refuses it (416)', async () => {
    for (const behaviour of ['ignore-range', 'refuse-range'] as const) {
      const { release, cacheDir } = serve(behaviour);
      writeFileSync(join(cacheDir, `${release.fileName}.part`), BODY.subarray(0, 1000));
      const done = await downloadRelease(release, { ...FAST, cacheDir });
      expect(done.sha256).toBe(HASH);
    }
  });

  it('continues an unfinished download left by an earlier run', async () => {
    const { release, cacheDir, requests } = serve('good');
    writeFileSync(join(cacheDir, `${release.fileName}.part`), BODY.subarray(0, 5 * 2 ** 20));
    const done = await downloadRelease(release, { ...FAST, cacheDir });
    expect(done).toMatchObject({ sha256: HASH, received: SIZE - 5 * 2 ** 20 });
    expect(requests()).toEqual([`GET /${release.fileName} bytes=${5 * 2 ** 20}-`]);
  });

  it('retries a 500 with back-off, gives up at once on a 404, and after the attempts on a stall', async () => {
    const flaky = serve({ status: 500, times: 2 });
    expect((await downloadRelease(flaky.release, { ...FAST, cacheDir: flaky.cacheDir })).attempts).toBe(3);
    const missing = serve({ status: 404 });
    expect(await failure(downloadRelease(missing.release, { ...FAST, cacheDir: missing.cacheDir }))).toBe(
      `The download of ${missing.release.fileName} failed after 1 attempt (HTTP 404). Nothing was written to the drive.`,
    );
    const stalled = serve({ stall: { at: 1000, times: 10 } });
    expect(await failure(downloadRelease(stalled.release, { ...FAST, attempts: 2, cacheDir: stalled.cacheDir }))).toBe(
      `The download of ${stalled.release.fileName} failed after 2 attempts (no data for 0.3 s). Nothing was written to the drive.`,
    );
    const stalledOnce = serve({ stall: { at: 3 * 2 ** 20, times: 1 } });
    expect((await downloadRelease(stalledOnce.release, { ...FAST, cacheDir: stalledOnce.cacheDir })).sha256).toBe(HASH);
  });

  it('deletes a download whose hash does not match, and keeps no file', async () => {
    const { release, cacheDir } = serve('wrong-bytes');
    expect(await failure(downloadRelease(release, { ...FAST, cacheDir }))).toBe(
      `${release.fileName} does not match the SHA-256 the release list gives, so it was deleted. Nothing was written to the drive.`,
    );
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('downloads a release the list gives no hash for, said to be unverified, and never reuses it unchecked', async () => {
    const { release, cacheDir, requests } = serve('good', null);
    const done = await downloadRelease(release, { ...FAST, cacheDir });
    expect(done).toMatchObject({ verified: false, sha256: HASH });
    expect(done.notices.map(formatMessage)[0]).toContain('gives no SHA-256');
    await downloadRelease(release, { ...FAST, cacheDir });
    expect(requests()).toHaveLength(2);
  });

  it('refuses to fill the disk, and keeps at most two releases', async () => {
    const { release, cacheDir } = serve('good');
    expect(await failure(downloadRelease(release, { ...FAST, cacheDir, reserveBytes: 2 ** 50 }))).toMatch(/^There is no room for unRAIDServer-.* \(6\.3 MB\) in .*: .* are free, and 1\.1 PB must stay free\.$/);
    for (let i = 0; i < 3; i++) {
      const next = serve('good');
      await downloadRelease(next.release, { ...FAST, cacheDir });
    }
    expect(readdirSync(cacheDir)).toHaveLength(2);
  });
});

describe('the cache folder', () => {
  it('is FLASH_CREATOR_CACHE, else the OS’s cache folder', () => {
    expect(cacheDirectory({ FLASH_CREATOR_CACHE: '/tmp/c' }, 'linux', '/home/u')).toBe('/tmp/c');
    expect(cacheDirectory({}, 'linux', '/home/u')).toBe('/home/u/.cache/flash-creator');
    expect(cacheDirectory({ XDG_CACHE_HOME: '/var/cache/u' }, 'linux', '/home/u')).toBe('/var/cache/u/flash-creator');
    expect(cacheDirectory({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/u')).toBe('/home/u/.cache/flash-creator');
    expect(cacheDirectory({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Caches/flash-creator');
    expect(cacheDirectory({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u')).toContain('flash-creator');
  });
});

describe('fetching the release list', () => {
  it('reads the list from FLASH_CREATOR_RELEASES’s address, retries a 500, and refuses a garbage feed or a dead server', async () => {
    const feed = JSON.stringify({ os_list: [{ name: 'Unraid 7.3.2', url: `${server.base}/unRAIDServer-7.3.2-x86_64.zip`, extract_sha256: HASH }] });
    server.files.set('/feed', { body: Buffer.from(feed), behaviour: { status: 500, times: 1 } });
    server.files.set('/garbage', { body: Buffer.from('<html>oops</html>'), behaviour: 'good' });
    const address = feedAddress({ FLASH_CREATOR_RELEASES: `${server.base}/feed` });
    expect((await fetchReleases(address, { backoffMs: 10 })).map((r) => r.version)).toEqual(['7.3.2']);
    expect(await failure(fetchReleases(`${server.base}/garbage`))).toContain('is not JSON');
    expect(await failure(fetchReleases(`${server.base}/nothing`, { backoffMs: 10 }))).toBe(
      `The release list could not be fetched from ${server.base}/nothing (HTTP 404). Check the connection, or install from a release zip you have.`,
    );
    expect(await failure(fetchReleases('http://127.0.0.1:9/feed', { attempts: 2, backoffMs: 10 }))).toContain('(ECONNREFUSED)');
    expect(feedAddress({})).toBe('https://releases.unraid.net/usb-creator');
  });

  it('hashes a cached file as sha256sum does', async () => {
    const path = join(testTempFolder('hash-'), 'x');
    writeFileSync(path, BODY);
    expect(await sha256File(path)).toBe(HASH);
  });
});
