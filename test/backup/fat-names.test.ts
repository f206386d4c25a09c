import { describe, expect, it } from 'vitest';
import { FAT_MAX_NAME_UNITS, fatNameKey, fatNameProblem as problemOf } from '../../main/backup/fat-names.js';
import { formatMessage } from '../../shared/message.js';

/** The problem in English, as the CLI says it. */
function fatNameProblem(name: string): string | undefined {
  const problem = problemOf(name);
  return problem && formatMessage(problem);
}

describe('fatNameProblem', () => {
  it('accepts the names an Unraid flash holds, unicode and long names included', () => {
    for (const name of ['bzroot-gui', 'syslinux.cfg-', 'EFI-', 'ident.cfg', 'my [test] +share;=,.cfg', 'Ünïcödé ファイル.txt', '.hidden', 'x'.repeat(FAT_MAX_NAME_UNITS)]) {
      expect(fatNameProblem(name), name).toBeUndefined();
    }
  });

  it('names each character FAT forbids', () => {
    for (const char of ['"', '*', '/', ':', '<', '>', '?', '\\', '|']) {
      expect(fatNameProblem(`a${char}b`)).toContain(`“${char}”`);
      expect(problemOf(`a${char}b`)).toEqual({ code: 'problem.fat-name.forbidden', params: { character: char } });
    }
  });

  it('refuses control characters, empty names, dot names and names that do not round-trip', () => {
    expect(fatNameProblem('a\u0001b')).toContain('control character');
    expect(fatNameProblem('tab\there')).toContain('control character');
    expect(fatNameProblem('')).toContain('empty');
    expect(fatNameProblem('..')).toBeDefined();
    expect(fatNameProblem('readme.')).toContain('ends with a dot or a space');
    expect(fatNameProblem('readme ')).toContain('ends with a dot or a space');
  });

  it('counts the length in UTF-16 units, as long directory entries store it', () => {
    const emoji = '\u{1F600}'; // two UTF-16 units
    expect(fatNameProblem(emoji.repeat(127))).toBeUndefined();
    expect(fatNameProblem(emoji.repeat(128))).toContain('256 characters');
  });
});

describe('fatNameKey', () => {
  it('makes names that differ only in case equal', () => {
    expect(fatNameKey('Syslinux.CFG')).toBe(fatNameKey('syslinux.cfg'));
    expect(fatNameKey('ÄRGER.txt')).toBe(fatNameKey('ärger.TXT'));
    expect(fatNameKey('EFI')).not.toBe(fatNameKey('EFI-'));
  });

  it('upper-cases unit by unit, leaving units whose upper case is longer', () => {
    expect(fatNameKey('straße')).toBe('STRAßE');
    expect(fatNameKey('ﬁle')).toBe('ﬁLE');
    expect(fatNameKey('\u{1F600}a')).toBe('\u{1F600}A');
  });
});
