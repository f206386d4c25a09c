// Issue 26's proof, end to end: an old flash (a loop device over a drive our writer made from a
// release that really boots, with a server's secrets) is backed up with `backup --device --encrypt
// --password-file`; 7-Zip and bsdtar accept the zip with the passphrase and not with a wrong one;
// `write` restores it onto another loop device, which boots under SeaBIOS, and the guest finds
// every file, the secrets among them, byte for byte (its manifest holds their SHA-256).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../disk/restore-image.js';
import { buildTestRelease, zipTestRelease } from '../fixtures/test-release.js';
import { attachLoop, detachLoops } from '../flash/loop-device.js';
import { bootImage } from './qemu.js';

const TEST_TIMEOUT_MS = 600_000;
const PASSPHRASE = 'lantern orchard pebble sixty crimson';
const SECRETS = {
  'config/shadow': 'root:$6$saltsalt$the-servers-password-hash:19000:0:99999:7:::\n',
  'config/wireguard/wg0.conf': '[Interface]\nPrivateKey = c2VjcmV0LWtleS1vZi10aGUtc2VydmVy\nListenPort = 51820\n',
};

let work: string;
const readOnlyLoops: string[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'encrypted-boot-'));
});

afterAll(async () => {
  for (const device of readOnlyLoops.splice(0)) execFileSync('losetup', ['--detach', device]);
  detachLoops();
  await rm(work, { recursive: true, force: true });
});

function tool(command: string, args: string[]): number | null {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  if (result.error) throw new Error(`${command} is not installed (test/setup.sh installs it): ${result.error.message}`);
  return result.status;
}

describe('an encrypted back-up of a flash drive', () => {
  it('is read by 7-Zip and bsdtar with its passphrase only, and restores to a drive that boots with the secrets in it', async () => {
    const release = await buildTestRelease(join(work, 'release'), { extraFiles: SECRETS });
    const releaseZip = join(work, 'release.zip');
    await zipTestRelease(release, releaseZip);
    const oldImage = join(work, 'old-flash.img');
    expect((await runCommand(['write', releaseZip, '--image', oldImage, '--size', '512M'])).code).toBe(0);
    const oldFlash = execFileSync('losetup', ['--read-only', '--find', '--show', oldImage]).toString().trim();
    readOnlyLoops.push(oldFlash);

    const passwordFile = join(work, 'passphrase.txt');
    await writeFile(passwordFile, `${PASSPHRASE}\n`);
    const zip = join(work, 'tower-encrypted.zip');
    const backup = await runCommand(['backup', '--device', oldFlash, '--out', zip, '--encrypt', '--password-file', passwordFile]);
    expect(backup.code, backup.stderr).toBe(0);

    expect(tool('7zz', ['t', `-p${PASSPHRASE}`, zip])).toBe(0);
    expect(tool('7zz', ['t', '-plantern orchard pebble sixty crimsons', zip])).not.toBe(0);
    expect(tool('bsdtar', ['-xOf', zip, '--passphrase', PASSPHRASE])).toBe(0);
    expect(tool('bsdtar', ['-xOf', zip, '--passphrase', 'not the passphrase'])).not.toBe(0);

    const target = await attachLoop(join(work, 'new-flash.img'), 2 ** 30);
    const write = await runCommand(['write', zip, '--device', target.device, '--yes', '--unsafe', '--password-file', passwordFile]);
    expect(write.code, write.stderr).toBe(0);
    const boot = await bootImage(target.backingFile, { firmware: 'bios', timeoutMs: 150_000 });
    // The guest checks every file of the release's manifest (the secrets included) by SHA-256.
    const files = release.files.filter((file) => file.path !== 'test-manifest.txt').length;
    expect(boot.line, boot.serialLog.slice(-2000)).toMatch(new RegExp(`^FLASH-CREATOR-BOOT: OK label=UNRAID files=${files} `));
  }, TEST_TIMEOUT_MS);
});
