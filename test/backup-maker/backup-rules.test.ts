// The rules a flash backup follows, as data: what Unraid's own backup leaves out, what Unraid
// Connect's leaves out or blanks, and the name Unraid gives the zip.
import { describe, expect, it } from 'vitest';
import { blankWireguardKeys, defaultBackupName, isSecretFile, isWireguardConfig, leftOutBecause } from '../../main/backup-maker/backup-rules.js';
import { dosToDate } from '../../main/backup-maker/write-backup.js';
import { dosDateTime } from '../../shared/dos-time.js';

describe('leftOutBecause', () => {
  it.each([
    'previous', 'previous/bzimage', 'PREVIOUS/bzroot', 'prev/bzimage', 'System Volume Information', 'System Volume Information/IndexerVolumeGuid',
    '.Trashes', '.Trash-0/files/x', '.Spotlight-V100', '.fseventsd/fseventsd-uuid', '.TemporaryItems', '.git/config',
    'config/.Trashes/501', 'config/plugins/.fseventsd', 'tower-v7.1.4-boot-backup-20260101-1200.zip',
    'my_server-v7.0.0-flash-backup-20250101-0101.zip', 'extra/old-boot-backup-x.zip',
  ])('leaves out %s', (path) => {
    expect(leftOutBecause(path)?.code).toMatch(/^flash\.left-out\./);
  });

  it.each([
    'bzimage', 'config', 'config/go', 'config/shadow', 'config/.hidden-but-not-at-the-top', 'syslinux/syslinux.cfg', 'EFI/boot/bootx64.efi',
    'extra/package.txz', 'config/previous', 'previously.txt', 'backup.zip', 'config/plugins/dynamix.my.servers/backup/flash.zip',
  ])('keeps %s', (path) => {
    expect(leftOutBecause(path)).toBeUndefined();
  });
});

describe('leftOutBecause for a clone', () => {
  it('keeps what is Unraid\'s, previous release and earlier backups too, and leaves out other systems\' housekeeping', () => {
    expect(['previous/bzimage', '.git/config', 'tower-v7.1.4-boot-backup-20260101-1200.zip'].map((path) => leftOutBecause(path, 'clone'))).toEqual([undefined, undefined, undefined]);
    for (const path of ['System Volume Information/x', '.Trashes', '.fseventsd/x', 'config/.Spotlight-V100']) expect(leftOutBecause(path, 'clone')?.code).toMatch(/^flash\.left-out\./);
  });
});

describe('secrets', () => {
  it('names the password hash files, whatever their case', () => {
    expect(['config/shadow', 'config/smbpasswd', 'CONFIG/SHADOW'].map(isSecretFile)).toEqual([true, true, true]);
    expect(['config/passwd', 'shadow', 'config/shadow.bak'].map(isSecretFile)).toEqual([false, false, false]);
  });

  it('knows the WireGuard files Connect blanks', () => {
    expect(['config/wireguard/wg0.conf', 'config/wireguard/wg0.cfg', 'config/wireguard/peers/peer-tower-wg0-1.conf'].map(isWireguardConfig)).toEqual([true, true, true]);
    expect(['config/wireguard/peers/qr.png', 'config/wireguard.conf', 'config/wireguard/a/b.conf'].map(isWireguardConfig)).toEqual([false, false, false]);
  });

  it('blanks every key in a wg-quick file, keeping the rest and its CRLF', () => {
    const text = '[Interface]\r\nPrivateKey = aGVsbG8=\r\nAddress = 10.253.0.1\r\n\r\n[Peer]\r\npublickey=d29ybGQ=\r\nPresharedKey = cHNr\r\nAllowedIPs = 10.253.0.2/32\r\n';
    expect(blankWireguardKeys(text)).toEqual({
      text: '[Interface]\r\nPrivateKey = \r\nAddress = 10.253.0.1\r\n\r\n[Peer]\r\npublickey=\r\nPresharedKey = \r\nAllowedIPs = 10.253.0.2/32\r\n',
      blanked: 3,
    });
  });

  it('blanks Unraid\'s indexed, quoted keys in wg0.cfg as empty quotes', () => {
    const text = 'PrivateKey:0="aGVsbG8="\nPublicKey:0="d29ybGQ="\nName:0="tower"\nPublicKey:1=""\n';
    expect(blankWireguardKeys(text)).toEqual({ text: 'PrivateKey:0=""\nPublicKey:0=""\nName:0="tower"\nPublicKey:1=""\n', blanked: 2 });
  });
});

describe('defaultBackupName', () => {
  it('is Unraid 7.3\'s name: server lower-cased, spaces as _, version, local date and time', () => {
    expect(defaultBackupName('My Tower', '7.1.4', new Date(2026, 0, 5, 9, 7))).toBe('my_tower-v7.1.4-boot-backup-20260105-0907.zip');
  });

  it('says tower and unknown, as Unraid does, when the flash does not say', () => {
    expect(defaultBackupName(null, null, new Date(2026, 11, 31, 23, 59))).toBe('tower-vunknown-boot-backup-20261231-2359.zip');
  });

  it('keeps characters a file name cannot hold out of it', () => {
    expect(defaultBackupName('a/b:c', '7.2.0-rc.1', new Date(2026, 5, 1))).toBe('a_b_c-v7.2.0-rc.1-boot-backup-20260601-0000.zip');
  });
});

describe('dosToDate', () => {
  it('gives a date that converts back to the same DOS words', () => {
    for (const date of [new Date(1980, 0, 1), new Date(2026, 11, 2, 1, 15, 58), new Date(2107, 11, 31, 23, 59, 58)]) {
      const { dosDate, dosTime } = dosDateTime(date);
      expect(dosDateTime(dosToDate(dosDate, dosTime))).toEqual({ dosDate, dosTime });
    }
  });

  it('takes an entry with no valid date (0) as 1980-01-01', () => {
    expect(dosToDate(0, 0)).toEqual(new Date(1980, 0, 1));
  });
});
