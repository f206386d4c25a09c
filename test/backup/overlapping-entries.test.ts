// Entries that are not what the zip's directory says: names sharing one compressed stream (a zip
// bomb: 41 names, one 64 MiB run of zeros, 2.6 GB declared), data ranges that intersect, local
// headers whose name or sizes contradict the directory. Each is refused with a coded problem naming
// the entries, before a byte of them is unpacked.
import { describe, expect, it } from 'vitest';
import { findOverlaps } from '../../main/backup/entry-spans.js';
import { MAX_NAMED_CONFLICTS, readBackup } from '../../main/backup/read-backup.js';
import type { BackupReport } from '../../shared/backup-report.js';
import { PROBLEM_CODES } from '../../shared/problems.js';
import { SAMPLE_TOP_FOLDER, sampleBackupEntries } from '../fixtures/sample-backup.js';
import type { ZipEntrySpec } from '../fixtures/zip-builder.js';
import { tempZip } from './temp-zip.js';
import { formatMessage } from '../../shared/message.js';

const TOP = SAMPLE_TOP_FOLDER;
const SAMPLE = sampleBackupEntries({ topFolder: TOP });

/** The report and restore items of a sample backup with `hostile` added after its own entries. */
async function readWith(hostile: (first: number) => ZipEntrySpec[]): Promise<{ report: BackupReport; restored: string[] }> {
  const backup = await readBackup(tempZip([...SAMPLE, ...hostile(SAMPLE.length)]));
  backup.archive.close();
  for (const problem of backup.report.problems) expect(PROBLEM_CODES).toContain(problem.code);
  return { report: backup.report, restored: backup.items.map((item) => item.path) };
}

function problemsOf(report: BackupReport, code: string): { path: string | null; message: string }[] {
  return report.problems.filter((problem) => problem.code === code).map(({ path, message }) => ({ path, message: formatMessage(message) }));
}

describe('entries sharing their bytes', () => {
  it('refuses 41 names for one compressed stream (64 MiB of zeros, 2.6 GB declared), naming each', async () => {
    const names = Array.from({ length: 41 }, (_, i) => `${TOP}/bomb/part${String(i).padStart(2, '0')}`);
    const { report, restored } = await readWith((first) =>
      names.map((name, i) => (i === 0 ? { name, data: Buffer.alloc(64 * 2 ** 20) } : { name, sameDataAs: first })));
    expect(report.ok).toBe(false);
    const overlaps = problemsOf(report, 'overlapping-entries');
    expect(overlaps.map((problem) => problem.path).sort()).toEqual(names);
    for (const { path, message } of overlaps) {
      expect(message).toMatch(new RegExp(`^${path} shares its bytes in the zip with ${TOP}/bomb/part\\d\\d; `));
      expect(message).not.toContain(`with ${path};`);
    }
    expect(restored.filter((path) => path.startsWith('bomb'))).toEqual([]);
  });

  it(`names the first ${MAX_NAMED_CONFLICTS} such entries and counts the rest in one problem`, async () => {
    const count = MAX_NAMED_CONFLICTS + 50;
    const { report, restored } = await readWith((first) =>
      Array.from({ length: count }, (_, i) => (i === 0 ? { name: `${TOP}/bomb/p0`, data: 'x'.repeat(10_000) } : { name: `${TOP}/bomb/p${i}`, sameDataAs: first })));
    expect(problemsOf(report, 'overlapping-entries')).toHaveLength(MAX_NAMED_CONFLICTS);
    expect(problemsOf(report, 'more-conflicting-entries')).toEqual([{ path: null, message: expect.stringMatching(/ has 50 more entries like the ones named above/) as unknown as string }]);
    expect(restored.filter((path) => path.startsWith('bomb'))).toEqual([]);
  });

  it('refuses two entries whose data ranges intersect, and restores the others', async () => {
    const { report, restored } = await readWith(() => [
      // The first declares packed data that runs on over the second's header and data.
      { name: `${TOP}/config/a.cfg`, data: 'a'.repeat(4000), method: 'store', declared: { compressedSize: 4000 + 200, uncompressedSize: 4000 + 200 } },
      { name: `${TOP}/config/b.cfg`, data: 'b'.repeat(100), method: 'store' },
    ]);
    expect(problemsOf(report, 'overlapping-entries').map((problem) => [problem.path, problem.message.split(';')[0]])).toEqual([
      [`${TOP}/config/a.cfg`, `${TOP}/config/a.cfg shares its bytes in the zip with ${TOP}/config/b.cfg`],
      [`${TOP}/config/b.cfg`, `${TOP}/config/b.cfg shares its bytes in the zip with ${TOP}/config/a.cfg`],
    ]);
    expect(restored).not.toContain('config/a.cfg');
    expect(restored).not.toContain('config/b.cfg');
    expect(restored).toContain('config/ident.cfg');
  });

  it('lets entries lie side by side, streamed or not, empty or not', async () => {
    const { report } = await readWith(() => [
      { name: `${TOP}/config/empty.cfg`, data: '' },
      { name: `${TOP}/config/streamed.cfg`, data: 'x'.repeat(500), dataDescriptor: true },
      { name: `${TOP}/config/empty-streamed.cfg`, data: '', dataDescriptor: true },
      { name: `${TOP}/config/zip64.cfg`, data: 'y'.repeat(500), zip64: true },
    ]);
    expect(report.problems.filter((problem) => problem.severity === 'blocking')).toEqual([]);
  });
});

describe('local headers that contradict the directory', () => {
  it.each([
    ['another name', { localHeader: { name: `${TOP}/config/other.cfg` } }, /its local header names it “.*\/config\/other\.cfg”/],
    ['other packed size', { localHeader: { compressedSize: 3 } }, /its local header says 3 bytes packed, the zip's directory \d+/],
    ['other unpacked size', { localHeader: { uncompressedSize: 2 ** 31 } }, /its local header says 2,147,483,648 bytes unpacked, the zip's directory 500/],
    ['other zip64 sizes', { zip64: true, localHeader: { uncompressedSize: 7 } }, /its local header says 7 bytes unpacked/],
  ])('refuses an entry whose local header has %s', async (_label, lie, detail) => {
    const name = `${TOP}/config/liar.cfg`;
    const { report, restored } = await readWith(() => [{ name, data: 'z'.repeat(500), ...lie }]);
    const problems = problemsOf(report, 'local-header-mismatch');
    expect(problems.map((problem) => problem.path)).toEqual([name]);
    expect(problems[0]?.message, problems[0]?.message).toMatch(detail);
    expect(problems[0]?.message).toContain(`${name} is not what the zip's directory says`);
    expect(restored).not.toContain('config/liar.cfg');
    expect(report.ok).toBe(false);
  });

  it('accepts a streamed entry whose local header leaves its sizes 0', async () => {
    const { report } = await readWith(() => [{ name: `${TOP}/config/streamed.cfg`, data: 'z'.repeat(500), dataDescriptor: true, zip64: true }]);
    expect(problemsOf(report, 'local-header-mismatch')).toEqual([]);
  });
});

describe('findOverlaps', () => {
  it('names every entry that shares bytes once, with one it overlaps', () => {
    expect(findOverlaps([
      { index: 0, start: 0, end: 100 },
      { index: 1, start: 100, end: 200 },
      { index: 2, start: 150, end: 160 },
      { index: 3, start: 155, end: 300 },
      { index: 4, start: 300, end: 300 },
      { index: 5, start: 300, end: 330 },
    ])).toEqual([{ index: 1, other: 2 }, { index: 2, other: 1 }, { index: 3, other: 1 }]);
  });

  it('finds nothing in entries laid end to end', () => {
    expect(findOverlaps(Array.from({ length: 1000 }, (_, i) => ({ index: i, start: i * 10, end: i * 10 + 10 })))).toEqual([]);
  });

  it('judges 65,536 entries on one stream in linear-logarithmic time', () => {
    const spans = Array.from({ length: 65_536 }, (_, i) => ({ index: i, start: 0, end: 1000 }));
    const overlaps = findOverlaps(spans);
    expect(overlaps).toHaveLength(65_536);
    expect(new Set(overlaps.map((overlap) => overlap.index)).size).toBe(65_536);
  });
});
