// The fixture other tests and benchmarks trust, judged by Info-ZIP and coreutils.
import { execFileSync, execSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAMPLE_TOP_FOLDER, sampleBackupEntries } from '../fixtures/sample-backup.js';
import { tempSampleBackup } from './temp-zip.js';

describe('sample backups', () => {
  it('are valid zips whose bz*.sha256 files hold, in both formats', () => {
    const zip = tempSampleBackup({ topFolder: SAMPLE_TOP_FOLDER, releaseBytes: 3_000_000, dataDescriptor: true, zip64: true });
    expect(execFileSync('unzip', ['-tq', zip], { encoding: 'utf8' })).toContain('No errors detected');
    const formats = new Set<string>();
    for (const image of ['bzimage', 'bzroot', 'bzroot-gui', 'bzmodules', 'bzfirmware']) {
      const path = `${SAMPLE_TOP_FOLDER}/${image}`;
      const actual = execSync(`unzip -p '${zip}' '${path}' | sha256sum`, { encoding: 'utf8' }).slice(0, 64);
      const recorded = execFileSync('unzip', ['-p', zip, `${path}.sha256`], { encoding: 'utf8' });
      expect(recorded.slice(0, 64)).toBe(actual);
      formats.add(recorded.trim().length === 64 ? 'bare' : 'with name');
    }
    expect([...formats].sort()).toEqual(['bare', 'with name']);
  });

  it('fill the release with incompressible bytes of the size asked for', () => {
    const zip = tempSampleBackup({ releaseBytes: 4_000_000 });
    const listing = execFileSync('unzip', ['-Zl', zip], { encoding: 'utf8' });
    // "-rw-r--r--  2.0 unx  1240000 b-  1240385 defN 26-Nov-25 03:12 bzroot": size, then packed size.
    const fields = listing.split('\n').find((row) => row.endsWith(' bzroot'))?.split(/\s+/) ?? [];
    expect(Number(fields[3])).toBe(1_240_000);
    expect(Number(fields[5])).toBeGreaterThan(1_240_000 * 0.99);
    expect(statSync(zip).size).toBeGreaterThan(4_000_000);
  });

  it('add, replace and leave out entries, and wrap them in the top folder', () => {
    const names = sampleBackupEntries({ topFolder: 'T', omit: ['EFI/', 'memtest'], entries: [{ name: 'config/go', data: 'new' }, { name: 'extra.txt', data: 'x' }] })
      .map((entry) => String(entry.name));
    expect(names[0]).toBe('T/');
    expect(names.every((name) => name.startsWith('T/'))).toBe(true);
    expect(names.filter((name) => name === 'T/config/go')).toHaveLength(1);
    expect(names).toContain('T/extra.txt');
    expect(names.some((name) => name.startsWith('T/EFI') || name === 'T/memtest')).toBe(false);
  });
});
