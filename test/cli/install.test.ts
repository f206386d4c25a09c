// flash-creator install and releases against a local feed on 127.0.0.1 serving the bootable test
// release as Unraid's release zip: an image named NAS1 with a fixed address, verified, fsck.fat
// clean, its config files as Unraid reads them; the cache reused; a wrong hash, a garbage feed and
// a backup instead of a release each end with exit 1 and nothing written.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../disk/restore-image.js';
import { extractWithMtools, fsckImage } from '../fixtures/image-checks.js';
import { buildTestRelease, zipTestRelease } from '../fixtures/test-release.js';
import { startReleaseServer, type ReleaseServer } from '../releases/release-server.js';

const VERSION = '7.2.1';
const ZIP_NAME = `unRAIDServer-${VERSION}-x86_64.zip`;
let work: string;
let zipPath: string;
let zipHash: string;
let server: ReleaseServer;
const saved = { releases: process.env.FLASH_CREATOR_RELEASES, cache: process.env.FLASH_CREATOR_CACHE };

function feed(sha256: string, version = VERSION): string {
  return JSON.stringify({
    imager: { latest_version: '1.0.0' },
    os_list: [
      { name: `Unraid ${version}`, url: `${server.base}/dl/${ZIP_NAME}`, release_date: '2026-01-01', image_download_size: readFileSync(zipPath).length, extract_sha256: sha256 },
      { name: 'Unraid Next', subitems: [{ name: 'Unraid 7.3.0-rc.1', url: `${server.base}/dl/unRAIDServer-7.3.0-rc.1-x86_64.zip`, release_date: '2026-02-01' }] },
    ],
  });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'cli-install-'));
  const release = await buildTestRelease(join(work, 'release'), { version: VERSION, config: 'release' });
  zipPath = join(work, ZIP_NAME);
  await zipTestRelease(release, zipPath);
  zipHash = createHash('sha256').update(await readFile(zipPath)).digest('hex');
  server = await startReleaseServer();
  server.files.set(`/dl/${ZIP_NAME}`, { body: await readFile(zipPath), behaviour: { drop: { at: 2 * 2 ** 20, times: 1 } } });
  server.files.set('/feed', { body: Buffer.from(feed(zipHash)), behaviour: 'good' });
  server.files.set('/wrong-hash', { body: Buffer.from(feed('0'.repeat(64))), behaviour: 'good' });
  server.files.set('/garbage', { body: Buffer.from('{"os_list": [{"name": "Unraid 7.2.1"}]}'), behaviour: 'good' });
  process.env.FLASH_CREATOR_RELEASES = `${server.base}/feed`;
  process.env.FLASH_CREATOR_CACHE = join(work, 'cache');
}, 300_000);

afterAll(async () => {
  process.env.FLASH_CREATOR_RELEASES = saved.releases;
  process.env.FLASH_CREATOR_CACHE = saved.cache;
  if (saved.releases === undefined) delete process.env.FLASH_CREATOR_RELEASES;
  if (saved.cache === undefined) delete process.env.FLASH_CREATOR_CACHE;
  await server.close();
  await rm(work, { recursive: true, force: true });
});

/** What rc.inet1.conf gets from the file: sourced with bash into its associative arrays. */
function sourced(networkCfg: string): string {
  return execFileSync('bash', ['-c', 'declare -A USE_DHCP IPADDR NETMASK GATEWAY; . <(sed "s/\\r$//" "$1"); echo "${USE_DHCP[0]} ${IPADDR[0]} ${NETMASK[0]} ${GATEWAY[0]} $DNS_SERVER1"', 'bash', networkCfg], { encoding: 'utf8' }).trim();
}

describe('flash-creator releases', () => {
  it('lists the stable releases, the Next ones with --next, marked as test versions, and says which are cached', async () => {
    const plain = await runCommand(['releases']);
    expect(plain).toMatchObject({ code: 0, stderr: '' });
    expect(plain.stdout).toMatch(new RegExp(`^Releases from ${server.base}/feed:\\n  7\\.2\\.1  2026-01-01  [\\d.]+ MB\\n$`));
    const next = await runCommand(['releases', '--next', '--json']);
    const listed = JSON.parse(next.stdout) as { releases: { version: string; next: boolean; cached: boolean }[] };
    expect(listed.releases.map((r) => [r.version, r.next, r.cached])).toEqual([['7.2.1', false, false], ['7.3.0-rc.1', true, false]]);
  });
});

describe('flash-creator install', () => {
  it('downloads the release (resuming a dropped connection), writes an image named NAS1 with a fixed address, verifies it, and gives the new server’s checklist', async () => {
    const image = join(work, 'nas1.img');
    const result = await runCommand(['install', '--release', 'latest', '--image', image, '--size', '1G', '--name', 'NAS1', '--ip', '192.168.1.50', '--netmask', '255.255.255.0', '--gateway', '192.168.1.1']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Downloaded unRAIDServer-7\.2\.1-x86_64\.zip \([\d.]+ MB\) in [\d.]+ s, [\d.]+ \w?B\/s; its SHA-256 matches the release list\.\n/);
    expect(result.stdout).toContain('Verified:');
    expect(result.stdout).toContain('http://nas1.local and http://192.168.1.50');
    expect(result.stdout).not.toMatch(/Replace Key|turn it on again/);
    expect(server.log.filter((line) => line.includes(ZIP_NAME)).map((line) => line.split(' ')[2])).toEqual(['-', expect.stringMatching(/^bytes=\d+-$/)]);

    expect((await fsckImage(image)).findings).toEqual([]);
    const files = join(work, 'nas1-files');
    await mkdir(files);
    await extractWithMtools(image, files);
    expect(readFileSync(join(files, 'config', 'ident.cfg'), 'utf8')).toBe('NAME="NAS1"\r\n');
    expect(sourced(join(files, 'config', 'network.cfg'))).toBe('no 192.168.1.50 255.255.255.0 192.168.1.1 192.168.1.1');
    expect(existsSync(join(files, 'config', 'go'))).toBe(true);
    expect(existsSync(join(files, 'EFI'))).toBe(true);
  }, 300_000);

  it('a second install of the same release downloads nothing: the cached copy is hashed again', async () => {
    const before = server.log.length;
    const image = join(work, 'again.img');
    const result = await runCommand(['install', '--release', VERSION, '--image', image, '--size', '1G', '--dhcp', '--uefi', 'off']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^unRAIDServer-7\.2\.1-x86_64\.zip: the cached copy matches its SHA-256 \(checked in [\d.]+ s\); nothing downloaded\.\n/);
    expect(server.log.slice(before).filter((line) => line.includes(ZIP_NAME))).toEqual([]);
    const files = join(work, 'again-files');
    await mkdir(files);
    await extractWithMtools(image, files);
    expect(existsSync(join(files, 'EFI-'))).toBe(true);
    expect(sourced(join(files, 'config', 'network.cfg'))).toMatch(/^yes\b/);
  }, 300_000);

  it('installs a local release zip offline with Wi-Fi, the password from a file', async () => {
    const image = join(work, 'wifi.img');
    const passwordFile = join(work, 'wifi-password');
    writeFileSync(passwordFile, 'correct horse battery\n');
    const result = await runCommand(['install', '--zip', zipPath, '--offline', '--image', image, '--size', '1G', '--wifi-ssid', 'Home', '--wifi-security', 'sae', '--wifi-password-file', passwordFile, '--wifi-country', 'de']);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toContain('Wi-Fi: the password is written in plain text');
    const files = join(work, 'wifi-files');
    await mkdir(files);
    await extractWithMtools(image, files);
    expect(readFileSync(join(files, 'config', 'wireless.cfg'), 'utf8')).toContain('[Home]\nGROUP="active"\nSECURITY="SAE"\nPASSWORD="correct horse battery"\n');
  }, 300_000);

  it('ends with exit 1 and writes nothing on a wrong hash, a garbage feed, or a backup given as a release', async () => {
    await rm(join(work, 'cache'), { recursive: true, force: true });
    const image = join(work, 'never.img');
    process.env.FLASH_CREATOR_RELEASES = `${server.base}/wrong-hash`;
    const wrong = await runCommand(['install', '--release', 'latest', '--image', image]);
    expect([wrong.code, wrong.stderr]).toEqual([1, `${ZIP_NAME} does not match the SHA-256 the release list gives, so it was deleted. Nothing was written to the drive.\n`]);
    process.env.FLASH_CREATOR_RELEASES = `${server.base}/garbage`;
    const garbage = await runCommand(['install', '--release', 'latest', '--image', image]);
    expect([garbage.code, garbage.stderr]).toEqual([1, `The release list from ${server.base}/garbage cannot be used: os_list[0].url is missing or not of the right kind.\n`]);
    process.env.FLASH_CREATOR_RELEASES = `${server.base}/feed`;
    const backupRelease = await buildTestRelease(join(work, 'server'), { version: VERSION });
    const backupZip = join(work, 'server.zip');
    await zipTestRelease(backupRelease, backupZip);
    const backup = await runCommand(['install', '--zip', backupZip, '--image', image]);
    expect(backup.code).toBe(1);
    expect(backup.stderr).toContain('is a flash backup of a server, not an Unraid release');
    expect(existsSync(image)).toBe(false);
  }, 300_000);

  it('shows the download on a terminal: one line, redrawn, before the write’s', async () => {
    process.env.FLASH_CREATOR_CACHE = join(work, 'cache-terminal');
    try {
      const result = await runCommand(['install', '--release', 'latest', '--image', join(work, 'terminal.img'), '--size', '1G'], { terminal: true });
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/^\rdownloading \d+% · [\d.]+ \w?B of [\d.]+ MB/);
      expect(result.stderr).toMatch(/\rdownloading 100% · [^\r\n]*\n\rwriting /);
    } finally {
      process.env.FLASH_CREATOR_CACHE = join(work, 'cache');
    }
  }, 300_000);

  it('refuses wrong arguments with exit 2: Unraid’s name rule, a half-given address, Wi-Fi without its password file', async () => {
    for (const args of [
      ['--zip', zipPath, '--image', 'x.img', '--name', 'my_nas'],
      ['--zip', zipPath, '--image', 'x.img', '--ip', '192.168.1.300', '--netmask', '255.255.255.0'],
      ['--zip', zipPath, '--image', 'x.img', '--dhcp', '--ip', '192.168.1.5'],
      ['--zip', zipPath, '--image', 'x.img', '--wifi-ssid', 'Home', '--wifi-security', 'psk', '--wifi-country', 'DE'],
      ['--release', 'latest', '--offline', '--image', 'x.img'],
      ['--zip', zipPath],
    ]) {
      expect((await runCommand(['install', ...args])).code).toBe(2);
    }
  });
});
