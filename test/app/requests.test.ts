// Requests from the renderer are taken only in the exact shape of the contract.
import { describe, expect, it } from 'vitest';
import { InvalidRequest, parseRequest } from '../../main/app-core/requests.js';

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidRequest) return error.message;
    throw error;
  }
  return 'accepted';
}

const network = { dhcp: false, address: '192.168.1.20', netmask: '255.255.255.0', gateway: '', dns: '' };

describe('parseRequest', () => {
  it('takes a well-formed write request, with only what it has', () => {
    expect(parseRequest('write:start', { backupId: 'backup-1', driveId: 'drive-2', uefi: true })).toEqual({ backupId: 'backup-1', driveId: 'drive-2', uefi: true });
    const full = { backupId: 'backup-1', driveId: 'drive-2', uefi: false, serverName: 'Vault-2', network, bootLabel: 'UNRAID-VM', confirmation: 'SanDisk' };
    expect(parseRequest('write:start', full)).toEqual(full);
  });

  it('refuses what the contract does not have, and ids it never gave out', () => {
    const base = { backupId: 'backup-1', driveId: 'drive-2', uefi: true };
    expect(refusal(() => parseRequest('write:start', { ...base, device: '/dev/sda' }))).toBe('write:start has no field “device”.');
    expect(refusal(() => parseRequest('write:start', { ...base, driveId: '/dev/sda' }))).toBe('driveId is not an id this app gave out.');
    expect(refusal(() => parseRequest('write:start', { ...base, driveId: 'drive-1 ' }))).toBe('driveId is not an id this app gave out.');
    expect(refusal(() => parseRequest('write:start', { backupId: 'backup-1', uefi: true }))).toBe('write:start needs “driveId”.');
    expect(refusal(() => parseRequest('write:start', { ...base, uefi: 'yes' }))).toBe('write:start: uefi must be true or false.');
    expect(refusal(() => parseRequest('write:start', null))).toBe('write:start needs an object.');
    expect(refusal(() => parseRequest('write:start', [base]))).toBe('write:start needs an object.');
    expect(refusal(() => parseRequest('write:start', { ...base, serverName: 'a'.repeat(16) }))).toMatch(/^The server name must be 1 to 15/);
    expect(refusal(() => parseRequest('write:start', { ...base, serverName: '-tower' }))).toMatch(/^The server name/);
    // Unraid's own rule (Identification.page): no underscore, and a letter or digit at both ends.
    for (const serverName of ['vault_2', 'tower-', 'tower.']) expect(refusal(() => parseRequest('write:start', { ...base, serverName }))).toMatch(/^The server name/);
    expect(refusal(() => parseRequest('write:start', { ...base, confirmation: 'x'.repeat(201) }))).toBe('write:start: confirmation must be a short text.');
    expect(refusal(() => parseRequest('write:start', { ...base, bootLabel: 'unraid-vm' }))).toMatch(/^A flash label may hold only A–Z/);
    expect(refusal(() => parseRequest('write:start', { ...base, bootLabel: 'UNRAID-VM-01' }))).toMatch(/^A flash label has at most 11 characters/);
    expect(refusal(() => parseRequest('write:start', { ...base, bootLabel: 7 }))).toBe('write:start: bootLabel must be a text.');
  });

  it('checks network settings: addresses required for a fixed address, every one a dotted IPv4', () => {
    const base = { backupId: 'backup-1', driveId: 'drive-2', uefi: true };
    expect(refusal(() => parseRequest('write:start', { ...base, network: { ...network, address: '' } }))).toBe('The field “IP address” is needed when the address is not from DHCP.');
    expect(refusal(() => parseRequest('write:start', { ...base, network: { ...network, dhcp: true, address: '' } }))).toBe('accepted');
    expect(refusal(() => parseRequest('write:start', { ...base, network: { ...network, gateway: '192.168.1.256' } }))).toBe('The field “Gateway” must hold an IPv4 address like 192.168.1.20.');
    expect(refusal(() => parseRequest('write:start', { ...base, network: { ...network, dns: '1.1.1.1; rm -rf /' } }))).toBe('The field “DNS server” must hold an IPv4 address like 192.168.1.20.');
    expect(refusal(() => parseRequest('write:start', { ...base, network: { ...network, mtu: 9000 } }))).toBe('network has no field “mtu”.');
    expect(refusal(() => parseRequest('write:start', { ...base, network: { ...network, dhcp: 'no' } }))).toMatch(/^network: dhcp must be true or false/);
  });

  it('takes an absolute zip path to read, and nothing for the channels without arguments', () => {
    expect(parseRequest('backup:open', { path: '/home/me/Tower-flash-backup.zip' })).toEqual({ path: '/home/me/Tower-flash-backup.zip' });
    expect(refusal(() => parseRequest('backup:open', { path: 'backup.zip' }))).toBe('backup:open needs the absolute path of a zip file.');
    expect(refusal(() => parseRequest('backup:open', { path: '/tmp/a\0b.zip' }))).toBe('backup:open needs the absolute path of a zip file.');
    expect(parseRequest('drives:list', null)).toBeNull();
    expect(parseRequest('log:open', undefined)).toBeNull();
    expect(refusal(() => parseRequest('drives:list', { all: true }))).toBe('drives:list takes no arguments.');
    expect(parseRequest('write:cancel', { jobId: 'job-7' })).toEqual({ jobId: 'job-7' });
    expect(refusal(() => parseRequest('write:cancel', { jobId: 7 }))).toBe('jobId is not an id this app gave out.');
  });
});

describe('parseRequest for the install job', () => {
  const base = { sourceId: 'release-3', driveId: 'drive-2', uefi: true };
  const wifi = { ssid: 'Home Net', security: 'sae', password: 'a long passphrase', country: 'NL' };

  it('takes a well-formed install, from a listed release or an opened zip, with Wi-Fi', () => {
    expect(parseRequest('install:start', base)).toEqual(base);
    const full = { ...base, sourceId: 'backup-1', serverName: 'NAS1', network, wifi, confirmation: 'SanDisk' };
    expect(parseRequest('install:start', full)).toEqual(full);
    expect(parseRequest('install:start', { ...base, wifi: { ssid: 'Cafe', security: 'open', password: '', country: 'FR' } })).toMatchObject({ wifi: { security: 'open' } });
    expect(parseRequest('write:start', { backupId: 'backup-1', driveId: 'drive-2', uefi: true, wifi })).toMatchObject({ wifi });
    expect(parseRequest('releases:list', { address: null })).toEqual({ address: null });
    expect(parseRequest('releases:list', { address: 'https://releases.unraid.net/usb-creator' })).toEqual({ address: 'https://releases.unraid.net/usb-creator' });
    expect(parseRequest('release:choose', { releaseId: 'release-12' })).toEqual({ releaseId: 'release-12' });
  });

  it('refuses a source that is no release or zip, Wi-Fi that Unraid could not use, and a list address that is not https', () => {
    expect(refusal(() => parseRequest('install:start', { ...base, sourceId: 'drive-1' }))).toBe('sourceId is not an id this app gave out.');
    expect(refusal(() => parseRequest('install:start', { ...base, path: '/tmp/x.zip' }))).toBe('install:start has no field “path”.');
    expect(refusal(() => parseRequest('install:start', { ...base, wifi: { ...wifi, security: 'wep' } }))).toBe('The Wi-Fi security must be WPA2 (psk), WPA3 (sae) or open.');
    expect(refusal(() => parseRequest('install:start', { ...base, wifi: { ...wifi, password: 'short' } }))).toMatch(/password/i);
    expect(refusal(() => parseRequest('install:start', { ...base, wifi: { ...wifi, password: 'a$(reboot)pass' } }))).toMatch(/password/i);
    expect(refusal(() => parseRequest('install:start', { ...base, wifi: { ...wifi, ssid: 'wlan0' } }))).toMatch(/wlan0/);
    expect(refusal(() => parseRequest('install:start', { ...base, wifi: { ...wifi, country: 'nl' } }))).toMatch(/nl/);
    expect(refusal(() => parseRequest('install:start', { ...base, wifi: { ...wifi, password: 12345678 } }))).toBe('wifi: password must be a text.');
    expect(refusal(() => parseRequest('install:start', { ...base, wifi: { ssid: 'Home' } }))).toBe('wifi needs “security”.');
    expect(refusal(() => parseRequest('install:start', { ...base, serverName: 'tower_1' }))).toMatch(/^The server name/);
    expect(refusal(() => parseRequest('releases:list', { address: 'http://example.com/feed' }))).toMatch(/not an https address/);
    expect(refusal(() => parseRequest('releases:list', { address: 'file:///etc/passwd' }))).toMatch(/not an https address/);
    expect(refusal(() => parseRequest('releases:list', {}))).toBe('releases:list needs “address”.');
  });

  it('takes a back-up’s passphrase only when it resists guessing, and an unlock’s only as text of a bounded length', () => {
    const backup = { driveId: 'drive-1', destinationId: 'destination-1', withoutSecrets: false };
    expect(parseRequest('backup:start', backup)).toEqual(backup);
    expect(parseRequest('backup:start', { ...backup, passphrase: 'correct horse battery staple' })).toEqual({ ...backup, passphrase: 'correct horse battery staple' });
    expect(refusal(() => parseRequest('backup:start', { ...backup, passphrase: 'Tr0ub4dor&3' }))).toMatch(/^This passphrase is too easy to guess: about \d+ bits by our estimate, and at least 60 are needed\./);
    expect(refusal(() => parseRequest('backup:start', { ...backup, passphrase: '' }))).toBe('The passphrase is empty or longer than 1,024 characters.');
    expect(refusal(() => parseRequest('backup:start', { ...backup, passphrase: ['correct horse battery staple'] }))).toBe('The passphrase is empty or longer than 1,024 characters.');
    expect(parseRequest('backup:unlock', { backupId: 'backup-1', passphrase: 'x' })).toEqual({ backupId: 'backup-1', passphrase: 'x' });
    expect(refusal(() => parseRequest('backup:unlock', { backupId: 'backup-1', passphrase: 'x'.repeat(1025) }))).toBe('The passphrase is empty or longer than 1,024 characters.');
    expect(refusal(() => parseRequest('backup:unlock', { backupId: '../backup-1', passphrase: 'x' }))).toBe('backupId is not an id this app gave out.');
  });

  it('takes a copy that goes on without the files the old flash cannot give only when that is true', () => {
    const copy = { sourceId: 'drive-1', driveId: 'drive-2' };
    expect(parseRequest('clone:start', { ...copy, allowMissing: true })).toEqual({ ...copy, allowMissing: true });
    expect(parseRequest('clone:start', copy)).toEqual(copy);
    expect(refusal(() => parseRequest('clone:start', { ...copy, allowMissing: 'yes' }))).toBe('clone:start: allowMissing must be true or false.');
    expect(parseRequest('clone:start', { ...copy, allowMissing: false })).toEqual(copy);
    expect(refusal(() => parseRequest('clone:start', { ...copy, allowMissing: 1 }))).toBe('clone:start: allowMissing must be true or false.');
  });

  it('takes a repair only with every choice given, the name typed, and ids it gave out; never a path, a device or both a roll back and a release', () => {
    const choices = { rollback: false, releaseSource: null, uefi: true, allowMissing: false };
    const repair = { driveId: 'drive-1', destinationId: 'destination-2', choices, confirmation: 'SanDisk Cruzer' };
    expect(parseRequest('repair:start', repair)).toEqual(repair);
    for (const releaseSource of ['release-3', 'backup-4']) {
      expect(parseRequest('repair:start', { ...repair, choices: { ...choices, releaseSource } })).toEqual({ ...repair, choices: { ...choices, releaseSource } });
    }
    expect(parseRequest('repair:diagnose', { driveId: 'drive-1' })).toEqual({ driveId: 'drive-1' });
    expect(parseRequest('repair:destination', { driveId: 'drive-1' })).toEqual({ driveId: 'drive-1' });
    expect(refusal(() => parseRequest('repair:start', { ...repair, savePath: '/etc/shadow' }))).toBe('repair:start has no field “savePath”.');
    expect(refusal(() => parseRequest('repair:start', { ...repair, choices: { ...choices, device: '/dev/sda' } }))).toBe('choices has no field “device”.');
    expect(refusal(() => parseRequest('repair:start', { ...repair, choices: { ...choices, volumeId: 7 } }))).toBe('choices has no field “volumeId”.');
    expect(refusal(() => parseRequest('repair:start', { driveId: 'drive-1', destinationId: 'destination-2', choices }))).toBe('repair:start needs “confirmation”.');
    expect(refusal(() => parseRequest('repair:start', { ...repair, confirmation: 'x'.repeat(201) }))).toBe('repair:start: confirmation must be a short text.');
    expect(refusal(() => parseRequest('repair:start', { ...repair, choices: { ...choices, uefi: undefined } }))).toBe('choices needs “uefi”.');
    expect(refusal(() => parseRequest('repair:start', { ...repair, choices: { ...choices, allowMissing: 1 } }))).toBe('repair:start: allowMissing must be true or false.');
    expect(refusal(() => parseRequest('repair:start', { ...repair, choices: { ...choices, rollback: 'yes' } }))).toBe('repair:start: rollback must be true or false.');
    expect(refusal(() => parseRequest('repair:start', { ...repair, choices: { ...choices, releaseSource: '/tmp/unRAIDServer.zip' } }))).toBe('releaseSource is not an id this app gave out.');
    expect(refusal(() => parseRequest('repair:start', { ...repair, choices: { ...choices, releaseSource: 'drive-2' } }))).toBe('releaseSource is not an id this app gave out.');
    expect(refusal(() => parseRequest('repair:start', { ...repair, choices: { ...choices, rollback: true, releaseSource: 'release-1' } })))
      .toBe('A roll back brings back the release in previous/: it takes no other release.');
    expect(refusal(() => parseRequest('repair:start', { ...repair, choices: [choices] }))).toBe('choices needs an object.');
    expect(refusal(() => parseRequest('repair:start', { ...repair, driveId: '/dev/sdb' }))).toBe('driveId is not an id this app gave out.');
    expect(refusal(() => parseRequest('repair:diagnose', { driveId: 'drive-1', device: '/dev/sdb' }))).toBe('repair:diagnose has no field “device”.');
    expect(refusal(() => parseRequest('repair:destination', { driveId: 'destination-1 ' }))).toBe('driveId is not an id this app gave out.');
  });
});
