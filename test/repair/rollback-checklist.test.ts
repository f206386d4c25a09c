// What a roll back means for a pair of releases, as data: each pair in, the checklist's codes out,
// from Unraid's own rules (no roll back from 7.3 to 7.2.6 or earlier; ReiserFS and TPM licences at
// 7.3; ZFS at 6.12; the multi-pool move at 6.9; plugins and driver plugins always).
import { describe, expect, it } from 'vitest';
import { rollbackChecklist } from '../../main/repair/rollback-checklist.js';
import { formatMessage } from '../../shared/message.js';

const ALWAYS = ['repair.rollback-plugins', 'repair.rollback-driver-plugins', 'repair.rollback-settings', 'repair.rollback-way-back'];

function codes(from: string | null, to: string | null): { refused: boolean; items: string[] } {
  const checklist = rollbackChecklist(from, to);
  return { refused: checklist.refusal !== null, items: checklist.items.map((item) => item.code) };
}

describe('the checklist of a roll back', () => {
  it.each([
    ['7.3.1', '7.2.6', true, []],
    ['7.3.0-rc.1', '6.12.15', true, []],
    ['7.3.2', '7.3.0', false, ['repair.rollback-zfs-features', ...ALWAYS]],
    ['7.3.0', '7.2.7', false, ['repair.rollback-licence-7-3', 'repair.rollback-reiserfs', 'repair.rollback-zfs-features', ...ALWAYS]],
    ['7.2.3', '7.1.4', false, ['repair.rollback-zfs-features', ...ALWAYS]],
    ['6.12.4', '6.11.5', false, ['repair.rollback-zfs', ...ALWAYS]],
    ['6.12.0', '6.8.3', false, ['repair.rollback-zfs', 'repair.rollback-pools', ...ALWAYS]],
    ['6.11.5', '6.10.3', false, [...ALWAYS]],
    ['7.0.0', '7.1.0', false, ['repair.rollback-not-older']],
    ['7.1.0', '7.1.0', false, ['repair.rollback-not-older']],
    [null, '7.1.0', false, ['repair.rollback-versions-unknown']],
    ['7.1.0', null, false, ['repair.rollback-versions-unknown']],
  ] as const)('from %s to %s: refused %s, %j', (from, to, refused, items) => {
    expect(codes(from, to)).toEqual({ refused, items });
  });

  it('words the refusal and the items for the pair, in English', () => {
    expect(formatMessage(rollbackChecklist('7.3.1', '7.2.6').refusal!)).toBe('Unraid 7.3.1 cannot be rolled back to 7.2.6: from 7.3 on, Unraid allows no roll back to 7.2.6 or earlier.');
    expect(rollbackChecklist('6.12.0', '6.8.3').items.map(formatMessage)).toEqual([
      'ZFS pools (new in 6.12) do not mount on Unraid 6.8.3.',
      'Unraid 6.8.3 knows only the one cache pool: pools set up since 6.9 (config/pools/) do not mount, and it does not read the cache settings Unraid 6.9 moved out of config/disk.cfg (config/disk.cfg.bak holds them as they were).',
      'Plugins installed or updated while 6.12.0 ran may need it: a plugin that does not support 6.8.3 does not install at boot. After the roll back, check Plugins and install the versions made for 6.8.3.',
      'Driver plugins (graphics cards, network cards and the like) are built for each release’s kernel: at first boot they download the build for 6.8.3, which needs internet.',
      'Settings of features newer than 6.8.3 stay in config/ but it does not read them; they apply again after a later update.',
      'After the roll back previous/ is empty: to return to 6.12.0, update again, or write the saved zip back to the stick.',
    ]);
  });
});
