// The append lines of syslinux configs, read as Unraid's rc.S reads the kernel command line, and
// rewritten for a new flash label with every other byte kept.
import { describe, expect, it } from 'vitest';
import { appendParameters, bootNames, volumeIdOfSerial, withBootLabel } from '../../main/backup/boot-names.js';
import { bootLabelProblem } from '../../shared/boot-label.js';
import { said } from '../fixtures/said.js';

const CFG = [
  'default menu.c32',
  'menu title Lime Technology, Inc.',
  'timeout 50',
  'label Unraid OS',
  '  menu default',
  '  kernel /bzimage',
  '  append initrd=/bzroot',
  'label Unraid OS GUI Mode',
  '  kernel /bzimage',
  '  APPEND initrd=/bzroot,/bzroot-gui',
  'label Memtest86+',
  '  kernel /memtest',
  '',
].join('\r\n');

const file = (text: string, path = 'syslinux/syslinux.cfg') => ({ path, text });

describe('append lines', () => {
  it('are found whatever their case and indentation, with their parameters', () => {
    expect(appendParameters(CFG)).toEqual([['initrd=/bzroot'], ['initrd=/bzroot,/bzroot-gui']]);
    expect(appendParameters('label x\n\tappend   initrd=/bzroot  unraidlabel=UNRAID-VM \n')).toEqual([['initrd=/bzroot', 'unraidlabel=UNRAID-VM']]);
  });
});

describe('the names a backup makes Unraid look for', () => {
  it('is UNRAID without unraidlabel=', () => {
    expect(bootNames([file(CFG)], '7.2.4')).toMatchObject({ label: 'UNRAID', volumeSerial: null, appendLines: 2, problems: [] });
  });

  it('is the unraidlabel= of every line, in every file', () => {
    const labelled = withBootLabel(CFG, 'UNRAID-VM');
    const names = bootNames([file(labelled), file(labelled, 'EFI/boot/syslinux.cfg')], '7.2.4');
    expect(names).toMatchObject({ label: 'UNRAID-VM', appendLines: 4, problems: [] });
  });

  it('takes the custom label when only one line names it, and says the other entries will not find the drive', () => {
    const one = CFG.replace('append initrd=/bzroot\r', 'append initrd=/bzroot unraidlabel=UNRAID-VM\r');
    const names = bootNames([file(one)], '7.2.4');
    expect(names.label).toBe('UNRAID-VM');
    expect(names.problems.map((problem) => [problem.code, problem.severity])).toEqual([['boot-label-mismatch', 'warning']]);
    expect(said(names.problems[0])).toContain('syslinux/syslinux.cfg names UNRAID-VM; syslinux/syslinux.cfg names UNRAID');
  });

  it('names the files that disagree', () => {
    const names = bootNames([file(withBootLabel(CFG, 'UNRAID-VM')), file(CFG, 'EFI/boot/syslinux.cfg')], '7.3.0');
    expect(said(names.problems[0])).toContain('syslinux/syslinux.cfg names UNRAID-VM; EFI/boot/syslinux.cfg names UNRAID');
  });

  it('refuses a label no flash drive can carry, naming the file', () => {
    const names = bootNames([file(CFG.replace('append initrd=/bzroot\r', 'append initrd=/bzroot unraidlabel=unraid-vm\r'), 'EFI/boot/syslinux.cfg')], '7.2.4');
    expect(names.problems.find((problem) => problem.code === 'bad-boot-label')).toMatchObject({ severity: 'blocking', path: 'EFI/boot/syslinux.cfg' });
    expect(said(names.problems.find((problem) => problem.code === 'bad-boot-label'))).toContain('“unraid-vm”');
  });

  it('lets the deprecated unraidboot= win over unraidlabel=, as rc.S does', () => {
    expect(bootNames([file('append initrd=/bzroot unraidlabel=ONE unraidboot=TWO\n')], '7.2.4').label).toBe('TWO');
  });

  it('reads the parameters case-sensitively, as rc.S does: UNRAIDLABEL= names nothing', () => {
    expect(bootNames([file('append initrd=/bzroot UNRAIDLABEL=VM\n')], '7.2.4').label).toBe('UNRAID');
  });

  it('on 7.3, takes a FAT serial from unraiduuid= as the volume id the drive must have', () => {
    const names = bootNames([file('append initrd=/bzroot unraiduuid=1a2b-3c4d\n')], '7.3.1');
    expect(names).toMatchObject({ label: 'UNRAID', volumeSerial: '1A2B-3C4D', problems: [] });
    expect(volumeIdOfSerial('1A2B-3C4D')).toBe(0x1a2b3c4d);
  });

  it('on 7.3, refuses the numeric unraiduuid= of a ZFS boot pool: no USB stick can have it', () => {
    const names = bootNames([file('append initrd=/bzroot unraiduuid=1234567890123456789\n')], '7.3.0');
    expect(names.problems.map((problem) => [problem.code, problem.severity, problem.path])).toEqual([['boot-uuid-unmatchable', 'blocking', 'syslinux/syslinux.cfg']]);
  });

  it('before 7.3, ignores unraiduuid=, which rc.S does not read', () => {
    expect(bootNames([file('append initrd=/bzroot unraiduuid=1234567890123456789\n')], '7.2.6')).toMatchObject({ volumeSerial: null, problems: [] });
  });
});

describe('a new flash label', () => {
  it('goes on every append line, and nothing else changes: CRLF, the other lines, spacing', () => {
    const labelled = withBootLabel(CFG, 'UNRAID-VM');
    expect(labelled).toBe(CFG.replace('append initrd=/bzroot\r', 'append initrd=/bzroot unraidlabel=UNRAID-VM\r').replace('APPEND initrd=/bzroot,/bzroot-gui\r', 'APPEND initrd=/bzroot,/bzroot-gui unraidlabel=UNRAID-VM\r'));
  });

  it('replaces a label that is there, keeps a trailing space, and adds one where it was missing', () => {
    const text = '  append initrd=/bzroot unraidlabel=OLD \n  append initrd=/bzroot\n';
    expect(withBootLabel(text, 'NEW_1')).toBe('  append initrd=/bzroot unraidlabel=NEW_1 \n  append initrd=/bzroot unraidlabel=NEW_1\n');
  });

  it('as UNRAID, takes the parameter out, giving back the release’s own lines', () => {
    expect(withBootLabel(withBootLabel(CFG, 'UNRAID-VM'), 'UNRAID')).toBe(CFG);
  });

  it('keeps bytes that are not UTF-8 (read as Latin-1)', () => {
    const text = Buffer.from([...Buffer.from('menu title Caf'), 0xe9, ...Buffer.from('\nappend initrd=/bzroot\n')]).toString('latin1');
    expect(Buffer.from(withBootLabel(text, 'VM'), 'latin1')).toEqual(Buffer.from([...Buffer.from('menu title Caf'), 0xe9, ...Buffer.from('\nappend initrd=/bzroot unraidlabel=VM\n')]));
  });
});

describe('Unraid’s label rule', () => {
  it.each([['UNRAID', null], ['UNRAID-VM', null], ['A_1-B', null], ['ABCDEFGHIJK', null]])('accepts %s', (name, problem) => {
    expect(bootLabelProblem(name)).toBe(problem);
  });
  it.each(['', 'unraid', 'UNRAID VM', 'ABCDEFGHIJKL', 'UNRAID.VM', 'ÜNRAID'])('refuses “%s”', (name) => {
    expect(bootLabelProblem(name)).not.toBeNull();
  });
});
