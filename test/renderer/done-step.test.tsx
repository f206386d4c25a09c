// Step 6: success with what was verified and the checklist (copyable); failure and cancel with
// what happened and what to try.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { OpenedBackup, WriteOutcome } from '../../shared/ipc.js';
import { message } from '../../shared/message.js';
import { firstAction } from '../../renderer/steps/end-advice.js';
import { DoneStep, type DoneStepProps } from '../../renderer/steps/DoneStep.js';
import { sampleBackup } from './data.js';

let backup: OpenedBackup;
beforeAll(async () => {
  backup = await sampleBackup({ serverName: 'Tower' });
});

const drive = { description: 'SanDisk Cruzer Blade', device: '/dev/sdb', size: 16_000_000_000, guid: '0781-5581-0000-200000001234' };
const success: WriteOutcome = {
  jobId: 'job-1',
  result: 'success',
  drive,
  verification: { files: 64, folders: 13, bytesChecked: 24_900_000, label: 'UNRAID', legacyBoot: true, uefiBoot: true, changedFiles: ['config/ident.cfg'], seconds: 73.4, eject: { ejected: true } },
};
const failure: WriteOutcome = {
  jobId: 'job-2',
  result: 'failed',
  drive,
  phase: 'verifying',
  sentences: [message('failure.differences', { count: 2 })],
  detail: null,
  advice: [message('failure.differences-advice')],
  differences: [message('difference.content', { path: 'bzroot' }), message('difference.missing', { path: 'bzimage' })],
};

function renderStep(outcome: WriteOutcome, props: Partial<DoneStepProps> = {}) {
  const callbacks = { onCopy: vi.fn((_text: string) => Promise.resolve()), onOpenLog: vi.fn(), onRetry: vi.fn(), onOtherDrive: vi.fn(), onStartOver: vi.fn() };
  render(<DoneStep outcome={outcome} report={backup.report} logPath={null} {...callbacks} {...props} />);
  return callbacks;
}

describe('Done step', () => {
  it('says what the read-back proved and what to do after the first boot, with the new GUID', () => {
    renderStep(success);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('The new flash drive is ready');
    expect(screen.getByText('Written and verified in 1 min 13 s.')).toBeTruthy();
    const summary = screen.getByText(/^64 files and 13 folders read back from/).textContent;
    expect(summary).toContain('24.9 MB compared');
    expect(summary).toContain('bootable in legacy BIOS and UEFI');
    expect(summary).toContain('Changed as you asked: config/ident.cfg.');
    const items = [...document.querySelectorAll('.checklist > li')].map((item) => item.textContent);
    expect(items[0]).toContain('Replace Key');
    expect(items[0]).toContain('The new drive’s GUID: 0781-5581-0000-200000001234');
    expect(items[1]).toContain('rootalicebob');
    expect(items[2]).toContain('wg0 (2 peers)');
    expect(items[3]).toContain('community.applications');
    expect(items[4]).toContain('turn it on again');
  });

  it('says in a sentence of its own that a drive boots in no mode, never "bootable in" a negative', () => {
    renderStep({ ...success, verification: { ...success.verification, legacyBoot: false, uefiBoot: false } } as WriteOutcome);
    const summary = screen.getByText(/^64 files and 13 folders read back from/).textContent;
    expect(summary).toContain('labelled UNRAID. The drive cannot boot in any mode (see the backup’s notes).');
    expect(summary).not.toContain('bootable in');
  });

  it('says whether the drive was ejected, and why not when it was not', () => {
    renderStep(success);
    // The eject state is the first line under the heading.
    expect(document.querySelector('.step-header .intro')?.textContent).toBe('Ejected: you can unplug SanDisk Cruzer Blade now.');
    cleanup();
    const notEjected = { ...success, verification: { ...success.verification, eject: { ejected: false, reason: message('eject.commands-failed', { detail: 'udisksctl failed: device busy' }) } } } as WriteOutcome;
    renderStep(notEjected);
    expect(document.querySelector('.step-header .intro')?.textContent).toBe('Eject SanDisk Cruzer Blade before you unplug it: it could not be ejected (udisksctl failed: device busy).');
    cleanup();
    renderStep({ ...success, verification: { ...success.verification, eject: null } } as WriteOutcome);
    expect(document.querySelector('.step-header .intro')?.textContent).toBe('Eject SanDisk Cruzer Blade before you unplug it.');
  });

  it('copies the checklist as plain text and says so', async () => {
    const { onCopy } = renderStep(success);
    fireEvent.click(screen.getByRole('button', { name: 'Copy this checklist' }));
    await screen.findByText('Copied: paste it into a note to keep it at hand.');
    const text = onCopy.mock.calls[0]![0];
    expect(text.split('\n')[0]).toBe('After restoring Tower: boot it from the new flash drive, then:');
    expect(text).toContain('1. Licence: the key is tied to the old flash drive');
    expect(text).toContain('   - The new drive’s GUID: 0781-5581-0000-200000001234');
    expect(text).toContain('   - alice');
  });

  it('says when copying failed, so the user copies by hand', async () => {
    renderStep(success, { onCopy: () => Promise.reject(new Error('denied')) });
    fireEvent.click(screen.getByRole('button', { name: 'Copy this checklist' }));
    await screen.findByText('Could not copy: select the list and copy it by hand.');
  });

  it('tells a failure: what went wrong, the differences, what to try, and where the log is', () => {
    const callbacks = renderStep(failure, { logPath: '/home/me/.config/Flash Creator/logs/flash-creator.log' });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('The drive was not written');
    expect(screen.getByText('It went wrong while: verifying (reading everything back).')).toBeTruthy();
    expect(screen.getByText(/reading it back found 2 differences/)).toBeTruthy();
    expect(screen.getByText('What the read-back found (2 differences)')).toBeTruthy();
    expect(screen.getByText('bzroot differs from the backup: its bytes on the drive do not match the zip’s CRC-32.')).toBeTruthy();
    expect(screen.getByText('bzimage is missing from the drive.')).toBeTruthy();
    expect(screen.getByText(/may be failing, or be a fake/)).toBeTruthy();
    expect(screen.getByText('The log file is at /home/me/.config/Flash Creator/logs/flash-creator.log')).toBeTruthy();
    // The advice says another drive: that is the primary way out, not Try again.
    expect(document.querySelector('.actions button.primary')?.textContent).toBe('Use another drive');
    fireEvent.click(screen.getByRole('button', { name: 'Open the log file' }));
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    fireEvent.click(screen.getByRole('button', { name: 'Use another drive' }));
    fireEvent.click(screen.getByRole('button', { name: 'Use another backup' }));
    for (const callback of [callbacks.onOpenLog, callbacks.onRetry, callbacks.onOtherDrive, callbacks.onStartOver]) expect(callback).toHaveBeenCalledOnce();
  });

  it('keeps the system’s own words apart, for whoever helps', () => {
    renderStep({ ...failure, phase: 'writing', sentences: [message('failure.not-answering'), message('failure.state.unknown')], detail: 'EIO: i/o error, write', differences: [] });
    expect(screen.getByText('The drive stopped answering. The drive may hold an incomplete copy: do not boot from it.')).toBeTruthy();
    expect(screen.getByText('It went wrong while: writing the files.')).toBeTruthy();
    expect(screen.getByText('Details: EIO: i/o error, write')).toBeTruthy();
  });

  it('tells a cancel apart from a failure', () => {
    renderStep({ ...failure, result: 'cancelled', phase: 'writing', sentences: [message('failure.write-stopped'), message('failure.state.blank')], advice: [message('failure.write-again')], differences: [] });
    expect(screen.getByText('Write the backup again when you are ready.')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Writing was stopped');
    expect(screen.getByText('The write was stopped, as you asked.')).toBeTruthy();
    expect(screen.queryByText(/What the read-back found/)).toBeNull();
  });
});

describe('the way out a failure offers first', () => {
  it('follows the advice: another drive, another backup, or trying again', () => {
    expect(firstAction([message('failure.out-of-room-advice')])).toBe('otherDrive');
    expect(firstAction([message('failure.larger-drive'), message('failure.inspect-backup')])).toBe('otherDrive');
    expect(firstAction([message('failure.download-again')])).toBe('otherBackup');
    expect(firstAction([message('failure.in-use-advice')])).toBe('retry');
    expect(firstAction([])).toBe('retry');
  });
});
