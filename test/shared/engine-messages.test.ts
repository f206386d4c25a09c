// The engine's English, worded once from codes: the CLI's sentences are the ones it printed before
// messages became data, every code the engine can send has its wording, and a message that does not
// fit its wording (an unknown code, a missing parameter, a list without a format) is an error.
import { describe, expect, it } from 'vitest';
import { judgeDrive } from '../../main/drives/verdict.js';
import { flashGuid } from '../../main/drives/guid.js';
import { ENGINE_ENGLISH } from '../../shared/engine-messages.js';
import { licenceLine } from '../../shared/licence.js';
import { englishText, formatMessage, formatMessages, message, type AnyMessage, type MessageCode, type ParamValue } from '../../shared/message.js';
import { capacityMessage, speedMessage, type ProbeResult } from '../../shared/probe.js';
import { makeProblem, PROBLEM_CODES } from '../../shared/problems.js';

const stick = {
  device: '/dev/sdb', description: 'SanDisk Cruzer', size: 16_000_000_000, busType: 'USB', isUSB: true, isRemovable: true,
  isSystem: false, isVirtual: false, isReadOnly: false, mountpoints: [],
};
const probe: ProbeResult = {
  verdict: 'genuine', claimedBytes: 16_000_000_000, realBytes: 16_000_000_000, wrapBytes: null, places: 1, failures: [], failureCount: 0,
  writeBytesPerSecond: 21_000_000, readBytesPerSecond: 30_000_000, seconds: 2, restored: true,
};

describe('the English the CLI prints', () => {
  it('words problems as before, with the zip or the entry as the subject', () => {
    expect(formatMessage(makeProblem('truncated', null, '', 'Tower.zip').message)).toBe('Tower.zip is cut short: the zip file ends too early. Download or copy the backup again.');
    expect(formatMessage(makeProblem('empty-zip', null).message)).toBe('The zip is an empty zip: it holds no files.');
    expect(formatMessage(makeProblem('duplicate-name', 'config/a.cfg').message)).toBe('config/a.cfg appears more than once in the zip; it is not clear which one to restore.');
    expect(formatMessage(makeProblem('duplicate-name', 'config', 'config is both a file and a folder').message)).toBe(
      'config appears more than once in the zip (config is both a file and a folder); it is not clear which one to restore.',
    );
    expect(formatMessage(makeProblem('uefi-disabled', null).message)).toBe(
      'UEFI boot is turned off in this backup (its folder is named EFI-); the drive boots in legacy BIOS mode only unless you turn UEFI on.',
    );
  });

  it('words a problem’s nested detail as before', () => {
    const lacking = message('problem.detail.lacks', { files: ['syslinux/mbr.bin', 'syslinux/ldlinux.c32'].map((name) => message('problem.detail.no-file', { name })) });
    expect(formatMessage(makeProblem('no-legacy-boot', null, message('problem.detail.uefi-hint', { lacking })).message)).toBe(
      'The drive will not boot on a legacy BIOS: the backup has no syslinux/mbr.bin and no syslinux/ldlinux.c32 (it can boot only if you turn UEFI on).',
    );
  });

  it('words drive reasons as before: sizes, exact bytes when rounding hides the difference, a GUID reason as a sentence', () => {
    const small = judgeDrive({ ...stick, ...flashGuid({ vendorId: 0x0781, productId: 0x5581, serial: 'A1' }), size: 1_000_000_001 }, { neededBytes: 1_000_000_002, holdsBackup: false });
    expect(small.reasons.map((reason) => formatMessage(reason.message))).toEqual(['It holds 1,000,000,001 bytes, but this backup needs 1,000,000,002 bytes.']);
    const large = judgeDrive({ ...stick, ...flashGuid({ vendorId: 0x0781, productId: 0x5581, serial: null }), size: 128_000_000_000 }, { neededBytes: 1_000_000, holdsBackup: false });
    expect(large.reasons.map((reason) => formatMessage(reason.message))).toEqual([
      'It holds 128 GB, more than 64 GB: large for an Unraid flash drive, so make sure it is not a disk you want to keep.',
      'No USB serial number: Unraid cannot license this drive.',
    ]);
  });

  it('words the probe with plurals, lists and speeds as before', () => {
    expect(formatMessage(capacityMessage(probe))).toBe('Capacity checked: all 16.0 GB are real (1 place across the drive written and read back).');
    expect(formatMessage(capacityMessage({ ...probe, places: 96 }))).toBe('Capacity checked: all 16.0 GB are real (96 places across the drive written and read back).');
    const failing: ProbeResult = { ...probe, verdict: 'failing', places: 96, failureCount: 2, failures: [{ offset: 1_500_000, reading: 'old-data' }, { offset: 9_000_000, reading: 'read-error' }] };
    expect(formatMessage(capacityMessage(failing))).toBe(
      'This drive did not give back what was written to it at 2 places of 96 (the old data came back and read error; first at 1.5 MB): it is failing. Unraid would lose data on it.',
    );
    expect(formatMessage(capacityMessage({ ...failing, failures: [] }))).toContain('at 2 places of 96 (no details)');
    expect(formatMessage(speedMessage(probe)!)).toBe('Speed: writes 21.0 MB/s and reads 30.0 MB/s.');
    expect(formatMessage(speedMessage({ writeBytesPerSecond: 3_000_000, readBytesPerSecond: null })!)).toBe(
      'Very slow drive: it writes 3.0 MB/s. Under 5 MiB/s (5.2 MB/s) writing, the restore and every settings change on the server will be slow; a faster stick is better.',
    );
    expect(speedMessage({ writeBytesPerSecond: null, readBytesPerSecond: null })).toBeNull();
  });

  it('words nested messages and sentences in turn', () => {
    expect(formatMessage(licenceLine({ status: 'blacklisted', reason: 'GUID is blacklisted' }))).toBe('Licence: blacklisted: Unraid will not license this drive (GUID is blacklisted). Use another flash drive.');
    expect(formatMessage(licenceLine({ status: 'no-guid', why: message('guid.no-serial') }))).toBe(
      'Licence: this drive has no GUID, so Unraid cannot license it (no USB serial number: Unraid cannot license this drive).',
    );
    expect(formatMessages([message('failure.write-stopped'), message('failure.state.untouched')])).toBe('You stopped the write. Nothing was written to the drive.');
    expect(formatMessage(message('request.drive-unusable', { drive: 'SanDisk', reasons: [message('verdict.read-only'), message('verdict.holds-backup')] }))).toBe(
      'SanDisk cannot be used: It is read-only: its write-protect switch is on, or the stick has worn out and locked itself. The backup zip is on this drive; writing to it would destroy the backup.',
    );
  });
});

describe('the catalogue and the formatter', () => {
  it('has English for every problem code, and no problem wording without a code', () => {
    for (const code of PROBLEM_CODES) expect(() => englishText(`problem.${code}`), code).not.toThrow();
    const worded = Object.keys(ENGINE_ENGLISH.problem).map((key) => key.replace(/-detailed$|_(one|other)$/, '')).filter((key) => key !== 'the-zip' && key !== 'detail' && key !== 'fat-name');
    expect(worded.filter((key) => !(PROBLEM_CODES as string[]).includes(key))).toEqual([]);
  });

  it('words every code of the catalogue with parameters of the kinds its wording names', () => {
    for (const code of codesOf(ENGINE_ENGLISH)) {
      const text = [0, 1, 2].map((count) => englishText(code, count)).join(' ');
      expect(() => formatMessage({ code, params: sampleParams(text) }), code).not.toThrow();
    }
  });

  it('refuses an unknown code, a missing parameter and a list without a format', () => {
    expect(() => formatMessage({ code: 'problem.no-such-thing' as MessageCode, params: {} })).toThrow('No English wording for the message code problem.no-such-thing');
    expect(() => formatMessage({ code: 'verdict.too-small', params: { has: 1 } })).toThrow('The message verdict.too-small needs the parameter needs');
    expect(() => formatMessage({ code: 'failure.text', params: { text: [message('verdict.none')] } })).toThrow('A list of messages needs the format items, clauses or sentences');
  });
});

/** Every code: dotted paths to the wordings, plural forms as one. */
function codesOf(catalogue: object, prefix = ''): MessageCode[] {
  const codes = Object.entries(catalogue).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`.replace(/_(one|other)$/, '')] : codesOf(value as object, `${prefix}${key}.`)));
  return [...new Set(codes)] as MessageCode[];
}

function sampleParams(text: string): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {};
  for (const [, name, format] of text.matchAll(/\{\{\s*([\w-]+)\s*(?:,\s*(\w+)\s*)?\}\}/g)) {
    const list: AnyMessage[] = [message('verdict.none')];
    params[name!] = name === 'count' || ['bytes', 'speed', 'number'].includes(format ?? '') ? 3 : ['items', 'clauses', 'sentences'].includes(format ?? '') ? list : 'x';
  }
  return params;
}
