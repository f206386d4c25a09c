import { describe, expect, it } from 'vitest';
import { drivePath, findTopFolder } from '../../main/backup/layout.js';

describe('findTopFolder', () => {
  it('finds the one folder that holds everything, listed or not', () => {
    expect(findTopFolder(['Tower-flash-backup/', 'Tower-flash-backup/bzimage', 'Tower-flash-backup/config/ident.cfg'])).toBe('Tower-flash-backup');
    expect(findTopFolder(['backup/bzimage', 'backup/config/'])).toBe('backup');
  });

  it('keeps a backup at the root as it is', () => {
    expect(findTopFolder(['bzimage', 'config/', 'config/ident.cfg'])).toBeNull();
    expect(findTopFolder(['a/x', 'b/y'])).toBeNull();
    expect(findTopFolder(['Tower/x', 'TOWER/y'])).toBeNull();
    expect(findTopFolder(['only-a-folder/'])).toBeNull();
    expect(findTopFolder([])).toBeNull();
  });

  it('does not strip a folder an Unraid flash has at its root', () => {
    expect(findTopFolder(['config/', 'config/ident.cfg', 'config/go'])).toBeNull();
    expect(findTopFolder(['EFI-/boot/bootx64.efi'])).toBeNull();
    expect(findTopFolder(['Syslinux/syslinux.cfg'])).toBeNull();
  });
});

describe('drivePath', () => {
  it('strips the top folder and a folder entry\'s trailing slash', () => {
    expect(drivePath('T/config/', 'T')).toBe('config');
    expect(drivePath('T/config/ident.cfg', 'T')).toBe('config/ident.cfg');
    expect(drivePath('T/', 'T')).toBe('');
    expect(drivePath('config/', null)).toBe('config');
  });
});
