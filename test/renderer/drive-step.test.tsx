// Step 2: the live drive list with verdicts; unsafe drives behind "Show all".
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { DriveList } from '../../shared/ipc.js';
import { DriveStep } from '../../renderer/steps/DriveStep.js';
import { driveList } from './data.js';

function renderStep(drives: DriveList | null, driveId: string | null = null, driveLost = false) {
  const callbacks = { onChoose: vi.fn(), onBack: vi.fn(), onNext: vi.fn() };
  render(<DriveStep drives={drives} driveId={driveId} driveLost={driveLost} neededBytes={100_000_000} {...callbacks} />);
  return callbacks;
}

const mixed = driveList([
  { description: 'SanDisk Cruzer Blade', size: 16_000_000_000, mountpoints: ['E:', 'F:'], volumeLabels: [{ mountpoint: 'E:', label: 'PHOTOS' }, { mountpoint: 'F:', label: null }] },
  { description: 'Samsung SSD 870 EVO', size: 500_000_000_000, isSystem: true, isUSB: false, busType: 'SATA', mountpoints: ['/'] },
  { description: 'Generic Card Reader', serial: null },
]);

describe('Drive step', () => {
  it('lists usable drives with size, volumes and verdict (no GUID on the rows), and hides the ones that cannot be used', () => {
    renderStep(mixed);
    const sandisk = screen.getByRole('radio', { name: /SanDisk Cruzer Blade/ });
    expect(sandisk.closest('label')?.textContent).toContain('16.0 GB');
    expect(sandisk.closest('label')?.textContent).toContain('Holds data: E: ‘PHOTOS’, F:');
    expect(sandisk.closest('label')?.textContent).not.toContain('GUID');
    expect(sandisk.closest('label')?.textContent).toContain('Good choice');
    const reader = screen.getByRole('radio', { name: /Generic Card Reader/ });
    expect(reader.closest('label')?.textContent).toContain('No licence possible');
    expect(reader.closest('label')?.textContent).not.toContain('Holds data');
    expect(reader.closest('label')?.textContent).toContain('No USB serial number');
    expect(screen.queryByText('Samsung SSD 870 EVO')).toBeNull();

    fireEvent.click(screen.getByRole('checkbox', { name: /Show all drives \(1 drive that cannot be used is hidden\)/ }));
    const ssd = screen.getByRole('radio', { name: /Samsung SSD 870 EVO/ }) as HTMLInputElement;
    expect(ssd.disabled).toBe(true);
    expect(ssd.closest('label')?.textContent).toContain("It is one of this computer's own disks (mounted at /)");
    expect(screen.getByRole('checkbox', { name: /including 1 drive that cannot be used/ })).toBeTruthy();
  });

  it('reports the choice and goes on only once a drive is chosen', () => {
    const first = renderStep(mixed);
    expect((screen.getByRole('button', { name: 'Next: options' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('radio', { name: /Generic Card Reader/ }));
    expect(first.onChoose).toHaveBeenCalledWith(mixed.drives[2]!.id);
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(first.onBack).toHaveBeenCalledOnce();
  });

  it('shows the chosen drive checked and lets the user go on', () => {
    const { onNext } = renderStep(mixed, mixed.drives[0]!.id);
    expect((screen.getByRole('radio', { name: /SanDisk Cruzer Blade/ }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Next: options' }));
    expect(onNext).toHaveBeenCalledOnce();
  });

  it('says what to do when no drive can be used, and when the chosen one went away', () => {
    renderStep(driveList([{ description: 'Locked stick', isReadOnly: true }]), null, true);
    expect(screen.getByText(/No usable drive is plugged in\. Plug in a USB flash drive of at least 100 MB/)).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('The drive you chose is no longer in the list');
    expect((screen.getByRole('button', { name: 'Next: options' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('says so when the drive was chosen for the owner, and not when they chose it', () => {
    const props = { drives: mixed, driveId: mixed.drives[0]!.id, driveLost: false, neededBytes: 100_000_000, onChoose: vi.fn(), onBack: vi.fn(), onNext: vi.fn() };
    render(<DriveStep {...props} />);
    expect(screen.queryByText(/Chosen for you/)).toBeNull();
    cleanup();
    render(<DriveStep {...props} preselected />);
    expect(screen.getByText('Chosen for you, as the one drive without a warning. Make sure SanDisk Cruzer Blade is the one to erase.')).toBeTruthy();
  });

  it('tells the user it is still looking before the first list arrives', () => {
    renderStep(null);
    expect(screen.getByRole('status').textContent).toBe('Looking for drives…');
  });
});
