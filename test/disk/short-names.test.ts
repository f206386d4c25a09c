import { describe, expect, it } from 'vitest';
import { assignShortNames, exactShortName, LOWER_BASE, LOWER_EXTENSION } from '../../main/disk/fat32/short-names.js';

const field = (base: string, extension = ''): string => base.padEnd(8) + extension.padEnd(3);

describe('exactShortName', () => {
  it.each([
    ['syslinux.cfg', field('SYSLINUX', 'CFG'), LOWER_BASE | LOWER_EXTENSION],
    ['bzimage', field('BZIMAGE'), LOWER_BASE],
    ['README.TXT', field('README', 'TXT'), 0],
    ['lower.TXT', field('LOWER', 'TXT'), LOWER_BASE],
    ['UPPER.txt', field('UPPER', 'TXT'), LOWER_EXTENSION],
    ['EFI-', field('EFI-'), 0],
    ['~tmp.$$$', field('~TMP', '$$$'), LOWER_BASE],
    ['go', field('GO'), LOWER_BASE],
    ['1234.567', field('1234', '567'), 0],
  ])('stores %s as its short entry alone', (name, expectedField, caseFlags) => {
    expect(exactShortName(name)).toEqual({ field: expectedField, caseFlags, needsLongName: false });
  });

  it.each([
    'MiXeD.cfg', 'lower.Txt', 'make_bootable_linux', 'syslinux.cfg-', '.gitignore', 'a.b.c', 'my file.txt',
    'ünï.txt', 'a+b.txt', 'semi;colon', 'brackets[1]', 'trailing.', 'toolongname', 'x.four',
  ])('needs a long name for %s', (name) => {
    expect(exactShortName(name)).toBeUndefined();
  });
});

describe('assignShortNames', () => {
  it('gives every other name an upper-case alias with a numeric tail, as Windows does', () => {
    const names = ['make_bootable_linux', 'make_bootable_mac', '.gitignore', 'a.b.c.d', 'ünïcode näme.txt', 'my file.conf', 'Readme.txt'];
    expect(assignShortNames(names).map((short) => short.field)).toEqual([
      field('MAKE_B~1'), field('MAKE_B~2'), field('GITIGN~1'), field('ABC~1', 'D'), field('_N_COD~1', 'TXT'), field('MYFILE~1', 'CON'),
      field('README', 'TXT'),
    ]);
  });

  it('keeps 700 similar names and the 8.3 names among them unique', () => {
    const names = Array.from({ length: 700 }, (_, i) => `file-${String(i + 1).padStart(4, '0')}.cfg`);
    // Already a short name, and the alias the first long name would otherwise take.
    names.push('FILE-0~1.CFG', 'file-0~2.cfg');
    const shorts = assignShortNames(names);
    expect(new Set(shorts.map((short) => short.field)).size).toBe(names.length);
    expect(shorts.at(-2)).toEqual({ field: field('FILE-0~1', 'CFG'), caseFlags: 0, needsLongName: false });
    expect(shorts.at(-1)).toEqual({ field: field('FILE-0~2', 'CFG'), caseFlags: LOWER_BASE | LOWER_EXTENSION, needsLongName: false });
    expect(shorts[0]!.field).toBe(field('FILE-0~3', 'CFG'));
    // Tails grow into the base: ~10 and ~100 leave room for fewer characters of it.
    expect(shorts[7]!.field).toBe(field('FILE-~10', 'CFG'));
    expect(shorts[99]!.field).toBe(field('FILE~102', 'CFG'));
    for (const short of shorts) expect(short.field).toMatch(/^[A-Z0-9~_ -]{8}[A-Z ]{3}$/);
  });

  it('makes an alias for the second of two names that are the same short name', () => {
    const [first, second] = assignShortNames(['readme.txt', 'README.TXT']);
    expect(first).toEqual({ field: field('README', 'TXT'), caseFlags: LOWER_BASE | LOWER_EXTENSION, needsLongName: false });
    expect(second!.needsLongName).toBe(true);
    expect(second!.field).not.toBe(first!.field);
  });
});
