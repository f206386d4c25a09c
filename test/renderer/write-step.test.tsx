// Step 5: phase, how far the whole job is (one bar for writing and verifying), speed and time left; cancel asks first.
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { WriteProgress } from '../../shared/ipc.js';
import { WriteStep } from '../../renderer/steps/WriteStep.js';

const writing: WriteProgress = { jobId: 'job-1', phase: 'writing', bytesDone: 450_000_000, bytesTotal: 1_000_000_000, bytesPerSecond: 12_300_000, fraction: 0.225, secondsLeft: 130 };

describe('Write step', () => {
  it('shows the phase, how far the whole job is, how fast and how long still', () => {
    render(<WriteStep driveName="SanDisk Cruzer Blade" progress={writing} cancelling={false} onCancel={vi.fn()} />);
    expect(screen.getByText(/Keep SanDisk Cruzer Blade plugged in/)).toBeTruthy();
    const bar = screen.getByRole('progressbar', { name: 'Writing the files' }) as HTMLProgressElement;
    expect(bar.value).toBe(22);
    expect(screen.getByText('Writing the files: 22% · 450 MB of 1.0 GB · 12.3 MB/s · about 2 minutes left')).toBeTruthy();
    const phases = screen.getByRole('list', { name: 'Phases' });
    expect(phases.querySelector('[aria-current="step"]')?.textContent).toContain('Writing the files');
    expect(phases.textContent).toContain('✓Preparing');
    expect(phases.textContent).toContain('○Verifying');
  });

  it('shows an open-ended bar while preparing, and leaves out speed until it is known', () => {
    const { rerender } = render(<WriteStep driveName="the stick" progress={null} cancelling={false} onCancel={vi.fn()} />);
    expect((screen.getByRole('progressbar') as HTMLProgressElement).hasAttribute('value')).toBe(false);
    expect(screen.getByText('Reading the backup and planning the drive…')).toBeTruthy();
    rerender(<WriteStep driveName="the stick" progress={{ ...writing, phase: 'verifying', bytesDone: 10_000_000, bytesPerSecond: null, fraction: 0.6, secondsLeft: null }} cancelling={false} onCancel={vi.fn()} />);
    expect((screen.getByRole('progressbar') as HTMLProgressElement).value).toBe(60);
    expect(screen.getByText('Verifying (reading everything back): 60% · 10.0 MB of 1.0 GB')).toBeTruthy();
  });

  it('asks before cancelling, says what stopping does, and can be taken back', () => {
    const onCancel = vi.fn();
    render(<WriteStep driveName="the stick" progress={writing} cancelling={false} onCancel={onCancel} />);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel…' }));
    const question = screen.getByRole('alertdialog', { name: 'Stop writing?' });
    expect(question.textContent).toContain('The drive will be left blank (no partition table)');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Keep writing' }));
    fireEvent.click(screen.getByRole('button', { name: 'Keep writing' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(onCancel).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Stop writing' }));
    expect(onCancel).toHaveBeenCalledOnce();
  });
});
