// What the user is told when a write ends short: what happened in plain words, the drive's state,
// what to try, and the system's own words kept apart as the detail.
import { describe, expect, it } from 'vitest';
import { cancelled, failed, verifyFailed } from '../../main/app-core/failure.js';
import { ArchiveError } from '../../main/backup/archive.js';
import { LayoutError } from '../../main/disk/layout-error.js';
import { WriteError } from '../../main/flash/write-layout.js';
import { formatMessage, formatMessages, message } from '../../shared/message.js';

type Failure = ReturnType<typeof failed>;

/** The failure as the CLI and the log word it in English. */
function said(failure: Failure): string {
  return formatMessages(failure.sentences);
}

function advice(failure: Failure): string[] {
  return failure.advice.map(formatMessage);
}

function systemError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

describe('failure descriptions', () => {
  it('says a drive filled up, that it is blank now, and suggests another drive', () => {
    const cause = systemError('ENOSPC', 'no space left on device, write');
    const result = failed(new WriteError('data', `Failed while writing files and filesystem to /dev/sdb: ${cause.message}`, true, undefined, { cause }), 'writing', 'blank');
    expect(said(result)).toBe('The drive ran out of room before its listed size. The drive now has no partition table: no computer will mistake it for a working Unraid drive.');
    expect(result.detail).toBe('Failed while writing files and filesystem to /dev/sdb: ENOSPC: no space left on device, write');
    expect(advice(result)[0]).toMatch(/^It may be a fake that reports more than it holds/);
    expect(advice(result).at(-1)).toMatch(/log file/);
  });

  it('tells an unplugged drive, a permission problem, a busy drive and the unknown apart', () => {
    const what = (code: string) => said(failed(systemError(code, 'x'), 'writing', 'unknown'));
    expect(what('EIO')).toMatch(/^The drive stopped answering\./);
    expect(what('ENODEV')).toMatch(/^The drive stopped answering\./);
    expect(what('EPERM')).toMatch(/^The system did not allow writing to the drive\./);
    expect(what('EBUSY')).toMatch(/^The drive is in use by another program\./);
    expect(what('EWHATEVER')).toMatch(/^The write stopped with an error\./);
    expect(said(failed(systemError('EIO', 'x'), 'writing', 'unknown'))).toMatch(/The drive may hold an incomplete copy: do not boot from it\.$/);
    expect(failed('a string', 'writing', 'unknown').detail).toBe('a string');
  });

  it('blames a damaged zip on the zip, naming the file, even inside a write error', () => {
    const damage = new ArchiveError('entry-crc-mismatch', 'bzroot is damaged: its CRC-32 does not match.', 'bzroot');
    const result = failed(new WriteError('data', 'Failed while writing', true, 'bzroot', { cause: damage }), 'writing', 'blank');
    expect(said(result)).toMatch(/^The backup zip is damaged at bzroot\. The drive now has no partition table/);
    expect(result.detail).toBe('bzroot is damaged: its CRC-32 does not match.');
    expect(advice(result)[0]).toBe('Download or copy the backup again, then start over with the new copy.');
  });

  it('sends a backup that does not fit to a larger drive, before anything is written', () => {
    const result = failed(new LayoutError('does-not-fit', message('layout.does-not-fit', { needed: 9_100_000_000, disk: 8_000_000_000 })), 'preparing', 'untouched');
    expect(said(result)).toBe('The backup needs about 9.1 GB on the drive; the target holds 8.0 GB. Nothing was written to the drive.');
    expect(result.detail).toBeNull();
    expect(advice(result)[0]).toBe('Use a larger flash drive.');
  });

  it('says what a cancel leaves, and what a failed read-back means', () => {
    expect(said(cancelled('writing', 'blank'))).toBe('You stopped the write. The drive now has no partition table: no computer will mistake it for a working Unraid drive.');
    expect(said(cancelled('verifying', 'unknown'))).toMatch(/^You stopped the check\. Everything was written, but it was not read back/);
    const difference = message('difference.content', { path: 'bzroot' });
    const result = verifyFailed([difference]);
    expect(result).toMatchObject({ result: 'failed', phase: 'verifying', differences: [difference] });
    expect(said(result)).toContain('found 1 difference from the backup');
  });
});
