// The Drive step's check panel: what it says before anything is sent, each verdict, and a drive
// the probe found fake that cannot go on. The verdicts are the probe's data, as main sends them.
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { DriveCheck } from '../../shared/ipc.js';
import { message } from '../../shared/message.js';
import type { ProbeResult } from '../../shared/probe.js';
import type { DriveCheckState } from '../../renderer/steps/DriveCheck.js';
import { DriveStep } from '../../renderer/steps/DriveStep.js';
import { driveList } from './data.js';

const drives = driveList([{ description: 'Ultra Flash 64GB', size: 64_000_000_000 }]);
const driveId = drives.drives[0]!.id;
const genuine: ProbeResult = {
  verdict: 'genuine', claimedBytes: 64e9, realBytes: 64e9, wrapBytes: null, places: 1100, failures: [], failureCount: 0,
  writeBytesPerSecond: 3.1e6, readBytesPerSecond: 25e6, seconds: 1.2, restored: true,
};
const fake: ProbeResult = { ...genuine, verdict: 'fake-capacity', realBytes: 2 ** 33, wrapBytes: 2 ** 33, failures: [{ offset: 2 ** 33, reading: 'wrapped', aliasOf: 0 }], failureCount: 9 };

function renderStep(check: DriveCheck | undefined, changes: Partial<DriveCheckState> = {}, holdsKey = false) {
  const checking: DriveCheckState = {
    check, checks: check ? { [driveId]: check } : {}, checking: false, error: null, licenceAddress: 'https://keys.lime-technology.com/validate/guid', licenceCheck: true,
    onLicenceCheckChange: vi.fn(), onCheck: vi.fn(), acknowledged: false, onAcknowledge: vi.fn(), ...changes,
  };
  const onNext = vi.fn();
  const step = (state: DriveCheckState) => <DriveStep drives={drives} driveId={driveId} driveLost={false} neededBytes={100_000_000} onChoose={vi.fn()} onBack={vi.fn()} onNext={onNext} checking={state} holdsKey={holdsKey} />;
  const { rerender } = render(step(checking));
  return { checking, onNext, rerender: (more: Partial<DriveCheckState>) => rerender(step({ ...checking, ...more })) };
}

const badge = () => screen.getByRole('radio', { name: /Ultra Flash 64GB/ }).closest('label')!.querySelector('.badge')!.textContent;
const why = () => document.getElementById('actions-why')?.textContent ?? null;

describe('the Drive step’s check', () => {
  it('makes the check the way forward, with skipping it a link beside', () => {
    const { checking, onNext } = renderStep(undefined);
    expect(document.querySelector('.actions button.primary')?.textContent).toBe('Check this drive');
    fireEvent.click(screen.getByRole('button', { name: 'Skip the check' }));
    expect(onNext).toHaveBeenCalledOnce();
    expect(checking.onCheck).not.toHaveBeenCalled();
    expect(badge()).toBe('Good choice');
  });

  it('says what is sent and to whom before anything is, and lets the user turn it off', () => {
    const { checking } = renderStep(undefined);
    const panel = screen.getByRole('region', { name: 'Check Ultra Flash 64GB' });
    expect(panel.textContent).toContain('Flash Creator sends the drive’s GUID (and nothing else) to Lime Technology’s service at keys.lime-technology.com.');
    fireEvent.click(screen.getByRole('checkbox', { name: /Also check online/ }));
    expect(checking.onLicenceCheckChange).toHaveBeenCalledWith(false);
    fireEvent.click(screen.getByRole('button', { name: 'Check this drive' }));
    expect(checking.onCheck).toHaveBeenCalled();
  });

  it('shows the capacity, a slow drive’s figure with a warning, and the licence answer', () => {
    renderStep({ driveId, capacity: genuine, problem: null, licence: { status: 'blacklisted', reason: 'GUID is blacklisted' } });
    const results = screen.getByRole('list', { name: 'What the check found' });
    expect(results.textContent).toContain('Capacity checked: all 64.0 GB are real');
    expect(results.textContent).toContain('Very slow drive: it writes 3.1 MB/s and reads 25.0 MB/s.');
    expect(results.textContent).toContain('blacklisted: Unraid will not license this drive (GUID is blacklisted)');
    expect(badge()).toBe('No licence possible');
    // A backup without a licence key loses nothing on such a drive.
    expect((screen.getByRole('button', { name: 'Next: options' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('a blacklisted drive goes on with a backup holding a key only once the owner ticks that they understand', () => {
    const check: DriveCheck = { driveId, capacity: genuine, problem: null, licence: { status: 'blacklisted', reason: null } };
    const { checking, onNext, rerender } = renderStep(check, {}, true);
    const next = () => screen.getByRole('button', { name: 'Next: options' }) as HTMLButtonElement;
    expect(next().disabled).toBe(true);
    expect(why()).toBe('This drive cannot take a licence: tick the box above to go on anyway.');
    expect(next().getAttribute('aria-describedby')).toBe('actions-why');
    fireEvent.click(screen.getByRole('checkbox', { name: 'I understand: go on with this drive without a licence' }));
    expect(checking.onAcknowledge).toHaveBeenCalledWith(true);
    rerender({ acknowledged: true });
    expect(next().disabled).toBe(false);
    expect(why()).toBeNull();
    fireEvent.click(next());
    expect(onNext).toHaveBeenCalledOnce();
  });

  it('a counterfeit cannot go on, and why is on the screen', () => {
    renderStep({ driveId, capacity: fake, problem: null, licence: { status: 'unknown', why: message('licence.why.timeout', { seconds: 5 }) } });
    expect(screen.getByRole('list', { name: 'What the check found' }).textContent).toContain('This drive says it holds 64.0 GB but really holds about 8.6 GB: it is a counterfeit (fake-capacity) drive.');
    expect((screen.getByRole('button', { name: 'Next: options' }) as HTMLButtonElement).disabled).toBe(true);
    expect(why()).toBe('A counterfeit drive cannot be used: choose another drive.');
    expect(badge()).toBe('Counterfeit: holds 8.6 GB');
    expect(screen.queryByText('Good choice')).toBeNull();
    expect(screen.queryByRole('checkbox', { name: /I understand/ })).toBeNull();
  });

  it('says why a drive could not be checked', () => {
    renderStep({ driveId, capacity: null, problem: message('probe.not-checked', { reasons: [message('verdict.unknown-size')] }), licence: { status: 'not-checked' } });
    const results = screen.getByRole('list', { name: 'What the check found' });
    expect(results.textContent).toContain('The drive was not checked: Its size cannot be read (a card reader with no card reports none), so there is no telling whether the backup fits.');
    expect(results.textContent).toContain('not checked online (turned off); nothing was sent.');
  });

  it('waits while the drive is being checked', () => {
    renderStep(undefined, { checking: true });
    expect((screen.getByRole('button', { name: 'Checking the drive…' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Skip the check' }) as HTMLButtonElement).disabled).toBe(true);
    expect(why()).toBe('Wait for the check to finish.');
  });
});
