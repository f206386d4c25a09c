// Ejecting after a verified write. There is no USB stick here: stand-in udisksctl and eject
// programs, in the folder the system's tools are looked for in (never PATH), record how they are
// called and answer as the real ones do.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ejectCommands, ejectDrive } from '../../main/drives/eject.js';
import { formatMessage, message } from '../../shared/message.js';

let bin: string;

/** A program on PATH that appends its arguments to calls.log and exits with `exitCode`. */
function standIn(name: string, exitCode: number, stderr = ''): void {
  const script = `#!/bin/sh\necho "${name} $*" >> "${join(bin, 'calls.log')}"\n${stderr ? `echo "${stderr}" >&2\n` : ''}exit ${exitCode}\n`;
  writeFileSync(join(bin, name), script);
  chmodSync(join(bin, name), 0o755);
}

function calls(): string[] {
  try {
    return readFileSync(join(bin, 'calls.log'), 'utf8').trim().split('\n');
  } catch {
    return [];
  }
}

beforeEach(() => {
  bin = mkdtempSync(join(tmpdir(), 'eject-'));
});

afterEach(() => {
  rmSync(bin, { recursive: true, force: true });
});

describe('ejecting a written drive (stand-in eject programs: no USB stick here)', () => {
  it('on Linux, powers the USB stick off through udisks, without asking anyone', async () => {
    standIn('udisksctl', 0);
    expect(await ejectDrive('/dev/sdb', 'linux', [bin])).toEqual({ ejected: true });
    expect(calls()).toEqual(['udisksctl power-off --block-device /dev/sdb --no-user-interaction']);
  });

  it('falls back to eject when udisks is not installed', async () => {
    standIn('eject', 0);
    expect(await ejectDrive('/dev/sdb', 'linux', [bin])).toEqual({ ejected: true });
    expect(calls()).toEqual(['eject /dev/sdb']);
  });

  it('when the system will not eject, says why, in the programs\' own words', async () => {
    standIn('udisksctl', 1, 'Error powering off drive: Device is busy');
    standIn('eject', 1, 'eject: unable to eject');
    const result = await ejectDrive('/dev/sdb', 'linux', [bin]);
    expect(result).toEqual({ ejected: false, reason: message('eject.commands-failed', { detail: 'udisksctl failed: Error powering off drive: Device is busy; eject failed: eject: unable to eject' }) });
  });

  it('never runs a program of that name from PATH', async () => {
    standIn('udisksctl', 0);
    const savedPath = process.env['PATH'];
    process.env['PATH'] = `${bin}:${savedPath ?? ''}`;
    try {
      expect(await ejectDrive('/dev/sdb', 'linux', [join(bin, 'empty')])).toEqual({ ejected: false, reason: message('eject.commands-failed', { detail: 'udisksctl is not installed; eject is not installed' }) });
    } finally {
      process.env['PATH'] = savedPath;
    }
    expect(calls()).toEqual([]);
  });

  it('with neither program, says they are missing', async () => {
    expect(await ejectDrive('/dev/sdb', 'linux', [bin])).toEqual({ ejected: false, reason: message('eject.commands-failed', { detail: 'udisksctl is not installed; eject is not installed' }) });
  });

  it('uses diskutil on macOS and leaves ejecting to the user on Windows', async () => {
    expect(ejectCommands('darwin', '/dev/disk4')).toEqual([{ command: 'diskutil', args: ['eject', '/dev/disk4'] }]);
    const windows = await ejectDrive('\\\\.\\PhysicalDrive1', 'win32');
    expect(windows.ejected === false && formatMessage(windows.reason)).toMatch(/Safely Remove Hardware/);
  });
});
