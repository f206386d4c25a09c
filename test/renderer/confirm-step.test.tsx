// Step 4: the drive named before it is erased; a drive with a warning needs its name typed.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { DriveRow, OpenedBackup } from '../../shared/ipc.js';
import { ConfirmStep, type ConfirmStepProps } from '../../renderer/steps/ConfirmStep.js';
import { driveList, sampleBackup } from './data.js';

let backup: OpenedBackup;
beforeAll(async () => {
  backup = await sampleBackup({ serverName: 'Tower', version: '7.1.4' });
});

const [good, noGuid, photos] = driveList([
  { description: 'SanDisk Cruzer Blade', size: 16_000_000_000 },
  { description: 'Generic  Card Reader', serial: null },
  { description: 'Kingston DataTraveler', mountpoints: ['E:'], volumeLabels: [{ mountpoint: 'E:', label: 'PHOTOS' }] },
]).drives as [DriveRow, DriveRow, DriveRow];

function renderStep(drive: DriveRow, error: string | null = null, more: Partial<Pick<ConfirmStepProps, 'check' | 'blocked'>> = {}) {
  const callbacks = { onBack: vi.fn(), onWrite: vi.fn() };
  render(<ConfirmStep backup={backup} drive={drive} changes={['server name Tower → Tower2']} starting={false} error={error} {...more} {...callbacks} />);
  return callbacks;
}

describe('Confirm step', () => {
  it('names the drive, its size and GUID, says it will be erased, and what goes on it', () => {
    const { onWrite } = renderStep(good);
    const text = document.body.textContent ?? '';
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Erase this drive and write the backup?');
    expect(text).toContain('SanDisk Cruzer Blade');
    expect(text).toContain('16.0 GB');
    expect(text).toContain(good.guid);
    expect(text).toContain('Everything on this drive will be erased.');
    expect(text).toContain('Tower-flash-backup-20261125-0312.zip');
    expect(text).toContain('Tower, Unraid OS 7.1.4');
    expect(text).toContain('server name Tower → Tower2');
    expect(screen.queryByRole('textbox')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Erase and write' }));
    expect(onWrite).toHaveBeenCalledWith(undefined);
  });

  it('asks for the name of a drive with a warning, ignoring case and spacing', () => {
    const { onWrite } = renderStep(noGuid);
    expect(document.body.textContent).toContain('none: no USB serial number: Unraid cannot license this drive');
    expect(screen.getByText('No USB serial number: Unraid cannot license this drive.')).toBeTruthy();
    const write = screen.getByRole('button', { name: 'Erase and write' }) as HTMLButtonElement;
    expect(write.disabled).toBe(true);
    expect(document.getElementById('actions-why')?.textContent).toBe('Type the drive’s name above first.');
    const typed = screen.getByRole('textbox', { name: /type its name: Generic Card Reader/ });
    fireEvent.change(typed, { target: { value: 'Generic Card' } });
    expect(write.disabled).toBe(true);
    fireEvent.change(typed, { target: { value: ' generic card  reader ' } });
    expect(write.disabled).toBe(false);
    expect(document.getElementById('actions-why')).toBeNull();
    fireEvent.click(write);
    expect(onWrite).toHaveBeenCalledWith(' generic card  reader ');
  });

  it('names the volumes that will be erased, and repeats the check’s outcome or that there was none', () => {
    renderStep(photos);
    expect(document.querySelector('.big-warning')?.textContent).toBe('E: ‘PHOTOS’ will be erased, with everything else on this drive.');
    expect(document.querySelector('.check-outcome')?.textContent).toBe('Not checked');
    cleanup();
    const check = { driveId: good.id, capacity: null, problem: null, licence: { status: 'blacklisted', reason: null } } as const;
    renderStep(good, null, { check, blocked: 'This drive cannot take a licence: tick the box above to go on anyway.' });
    expect(document.querySelector('.check-outcome')?.textContent).toContain('No licence possible');
    expect(document.querySelector('.check-outcome')?.textContent).toContain('Licence: blacklisted: Unraid will not license this drive.');
    expect((screen.getByRole('button', { name: 'Erase and write' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows why main refused to start', () => {
    renderStep(good, 'That drive is not in the current drive list (it may have been unplugged). Choose the drive again.');
    expect(screen.getByRole('alert').textContent).toContain('Choose the drive again.');
  });
});
