// The copy and back-up steps in jsdom: the old flash's list (what each drive is as an Unraid flash,
// reading one on request, no way on without a read Unraid flash), the save step's plain words about
// secrets, and a back-up's result naming what the drive could not give.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { BackupDoneStep } from '../../renderer/jobs/BackupDoneStep.js';
import { CopyConfirmStep } from '../../renderer/jobs/CopyConfirmStep.js';
import { CopyDoneStep } from '../../renderer/jobs/CopyDoneStep.js';
import { unreadMessage } from '../../shared/flash-source.js';
import type { WriteOutcome } from '../../shared/ipc.js';
import type { AnyMessage } from '../../shared/message.js';
import { SaveStep } from '../../renderer/jobs/SaveStep.js';
import { SourceStep } from '../../renderer/jobs/SourceStep.js';
import { driveList } from './data.js';
import { message } from '../../shared/message.js';

const drives = driveList([
  { description: 'Old Cruzer', flash: { state: 'unraid', server: 'Tower', version: '7.1.4' } },
  { description: 'Labelled stick', flash: { state: 'labelled' } },
  { description: 'Camera card', flash: { state: 'not-unraid', reasons: [message('flash.reason.no-config')] } },
  { description: 'Samsung SSD', isSystem: true, isUSB: false, isRemovable: false },
]);
const [old, labelled, card] = drives.drives;

function renderSource(sourceId: string | null) {
  const callbacks = { onChoose: vi.fn(), onRead: vi.fn(), onBack: vi.fn(), onNext: vi.fn() };
  render(<SourceStep kind="copy" drives={drives} sourceId={sourceId} reading={false} error={null} {...callbacks} />);
  return callbacks;
}

describe('the old flash step', () => {
  it('shows each drive as an Unraid flash or not, with its GUID, and never this computer’s disk', () => {
    renderSource(null);
    const oldText = screen.getByRole('radio', { name: /Old Cruzer/ }).closest('label')?.textContent;
    expect(oldText).toContain('Unraid flash');
    expect(oldText).toContain('Server Tower, Unraid 7.1.4');
    expect(oldText).toContain(`GUID ${old!.guid}`);
    expect(screen.getByRole('radio', { name: /Camera card/ }).closest('label')?.textContent).toContain('It lacks what an Unraid flash has: it has no config/ folder.');
    expect(screen.queryByText('Samsung SSD')).toBeNull();
    expect((screen.getByRole('button', { name: 'Next: choose the new drive' }) as HTMLButtonElement).disabled).toBe(true);
    expect(document.getElementById('actions-why')?.textContent).toBe('Choose a drive first.');
  });

  it('reads a labelled drive when asked, and goes on only with a read Unraid flash', () => {
    const labelledRun = renderSource(labelled!.id);
    fireEvent.click(screen.getByRole('button', { name: 'Read this drive' }));
    expect(labelledRun.onRead).toHaveBeenCalledWith(labelled!.id);
    expect((screen.getByRole('button', { name: 'Next: choose the new drive' }) as HTMLButtonElement).disabled).toBe(true);
    expect(document.getElementById('actions-why')?.textContent).toBe('Read the drive first.');
  });

  it('goes on with an Unraid flash, and not with a drive that is not one', () => {
    const run = renderSource(old!.id);
    expect(screen.queryByRole('button', { name: 'Read this drive' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Next: choose the new drive' }));
    expect(run.onNext).toHaveBeenCalled();
    fireEvent.click(screen.getByRole('radio', { name: /Camera card/ }));
    expect(run.onChoose).toHaveBeenCalledWith(card!.id);
  });
});

describe('the save step and the result', () => {
  it('says what the zip holds unless secrets are left out, and needs a place first', () => {
    const onSecretsChange = vi.fn();
    render(<SaveStep source={old!} destination={null} withoutSecrets={false} choosing={false} starting={false} error={null}
      onChooseDestination={vi.fn()} onSecretsChange={onSecretsChange} onBack={vi.fn()} onStart={vi.fn()} />);
    expect(screen.getByText(/Otherwise the zip holds the password hashes \(config\/shadow, config\/smbpasswd\), the WireGuard private keys and the licence key/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Back up' }) as HTMLButtonElement).disabled).toBe(true);
    expect(document.getElementById('actions-why')?.textContent).toBe('Choose where to save first.');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Leave out passwords and keys' }));
    expect(onSecretsChange).toHaveBeenCalledWith(true);
  });

  it('encrypts by default while the secrets are kept: the back-up waits for a strong passphrase typed twice, and starts with it', () => {
    const onStart = vi.fn();
    const destination = { destinationId: 'destination-1', path: '/home/me/tower.zip' };
    render(<SaveStep source={old!} destination={destination} withoutSecrets={false} choosing={false} starting={false} error={null}
      onChooseDestination={vi.fn()} onSecretsChange={vi.fn()} onBack={vi.fn()} onStart={onStart} />);
    const encrypt = screen.getByRole('checkbox', { name: 'Encrypt the zip with a passphrase (AES-256)' }) as HTMLInputElement;
    expect(encrypt.checked).toBe(true);
    const start = screen.getByRole('button', { name: 'Back up' }) as HTMLButtonElement;
    expect(start.disabled).toBe(true);
    expect(document.getElementById('actions-why')?.textContent).toBe('Enter a passphrase strong enough, twice, or turn encryption off.');
    fireEvent.change(screen.getByLabelText('Passphrase'), { target: { value: 'Tr0ub4dor&3' } });
    expect(screen.getByText(/^Too easy to guess: about \d+ bits, and at least 60 are needed\.$/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Passphrase'), { target: { value: 'correct horse battery staple' } });
    expect(screen.getByText(/^Strong enough: about \d+ bits\.$/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('The passphrase again'), { target: { value: 'correct horse battery stapel' } });
    expect(screen.getByText('The two passphrases are not the same.')).toBeTruthy();
    expect(start.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('The passphrase again'), { target: { value: 'correct horse battery staple' } });
    expect(start.disabled).toBe(false);
    fireEvent.click(start);
    expect(onStart).toHaveBeenCalledWith('correct horse battery staple');
    // Turned off, the back-up is a plain zip.
    fireEvent.click(encrypt);
    fireEvent.click(start);
    expect(onStart).toHaveBeenLastCalledWith(null);
  });

  it('leaves encryption off by default when the secrets are left out', () => {
    render(<SaveStep source={old!} destination={{ destinationId: 'destination-1', path: '/home/me/tower.zip' }} withoutSecrets={true} choosing={false} starting={false} error={null}
      onChooseDestination={vi.fn()} onSecretsChange={vi.fn()} onBack={vi.fn()} onStart={vi.fn()} />);
    expect((screen.getByRole('checkbox', { name: 'Encrypt the zip with a passphrase (AES-256)' }) as HTMLInputElement).checked).toBe(false);
    expect((screen.getByRole('button', { name: 'Back up' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('names the files a failing drive could not give', () => {
    render(<BackupDoneStep sourceName="Worn Cruzer" onRetry={vi.fn()} onHome={vi.fn()} outcome={{
      jobId: 'job-1', result: 'success', savedAs: '/home/me/tower-v7.1.4-boot-backup-20261202-0430.zip', files: 60, folders: 12, bytes: 7e6, zipBytes: 6.9e6,
      withoutSecrets: false, leftOut: [{ path: 'previous/', reason: message('flash.left-out.previous') }], secretsLeftOut: [], keysBlanked: [],
      missing: [{ path: 'bzroot', detail: 'EIO: i/o error, read' }], seconds: 3,
    }} />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('The back-up is incomplete');
    expect(document.querySelector('.step-header .intro')?.textContent).toBe('Eject Worn Cruzer before you unplug it.');
    expect(screen.getByText('Not in the zip: 1 file the drive could not read')).toBeTruthy();
    expect(screen.getByText('bzroot: EIO: i/o error, read')).toBeTruthy();
    expect(screen.getByText('previous/: the previous release; Unraid’s backup leaves it out')).toBeTruthy();
  });
});

describe('the copy’s end', () => {
  const failed = (advice: readonly AnyMessage[]): WriteOutcome => ({
    jobId: 'job-3', result: 'failed', phase: 'reading', drive: { description: 'SanDisk Ultra', device: '/dev/sdc', size: 8e9, guid: null },
    sentences: [message('failure.out-of-room')], detail: null, advice, differences: [],
  });

  it('offers what its advice says first: a back-up instead, or another drive', () => {
    const callbacks = { onRetry: vi.fn(), onHome: vi.fn(), onOtherDrive: vi.fn(), onBackUpInstead: vi.fn() };
    render(<CopyDoneStep outcome={failed([message('flash.copy-missing-advice')])} source={old} {...callbacks} />);
    expect(document.querySelector('.actions button.primary')?.textContent).toBe('Back up the old flash instead');
    fireEvent.click(screen.getByRole('button', { name: 'Back up the old flash instead' }));
    expect(callbacks.onBackUpInstead).toHaveBeenCalledOnce();
    expect(screen.getByRole('button', { name: 'Try again' }).className).toBe('secondary');
    cleanup();
    render(<CopyDoneStep outcome={failed([message('failure.out-of-room-advice')])} source={old} {...callbacks} />);
    expect(document.querySelector('.actions button.primary')?.textContent).toBe('Use another drive');
    cleanup();
    render(<CopyDoneStep outcome={failed([message('failure.in-use-advice')])} source={old} {...callbacks} />);
    expect(document.querySelector('.actions button.primary')?.textContent).toBe('Try again');
  });

  it('lists the files the old flash cannot give and asks whether to copy without them, which the confirmation then says', () => {
    const onCopyWithout = vi.fn();
    const unread: WriteOutcome = {
      jobId: 'job-3', result: 'failed', phase: 'reading', drive: { description: 'SanDisk Ultra', device: '/dev/sdc', size: 8e9, guid: null }, detail: null,
      advice: [message('flash.copy-missing-advice')],
      sentences: [message('flash.copy-missing', { count: 2, drive: 'Old Cruzer' }), message('flash.nothing-written')],
      // One the FAT reader gave a reason for, one the system's read failed on.
      differences: [unreadMessage({ path: 'config/ident.cfg', reason: message('fat.reason.chain-to-free') }), unreadMessage({ path: 'config/go', detail: 'EIO' })],
    };
    render(<CopyDoneStep outcome={unread} source={old} onRetry={vi.fn()} onHome={vi.fn()} onCopyWithout={onCopyWithout} />);
    expect(screen.getByText(/^config\/ident\.cfg/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Copy without these files' }));
    expect(onCopyWithout).toHaveBeenCalledWith(['config/ident.cfg', 'config/go']);
    cleanup();
    // Another failure offers no such choice.
    render(<CopyDoneStep outcome={failed([message('failure.out-of-room-advice')])} source={old} onRetry={vi.fn()} onHome={vi.fn()} onCopyWithout={onCopyWithout} />);
    expect(screen.queryByRole('button', { name: 'Copy without these files' })).toBeNull();
    cleanup();
    const [target] = driveList([{ description: 'SanDisk Ultra' }]).drives;
    render(<CopyConfirmStep source={old!} target={target!} withoutMissing={['config/ident.cfg', 'config/go']} starting={false} error={null} onBack={vi.fn()} onCopy={vi.fn()} />);
    expect(screen.getByText('The copy goes on without config/ident.cfg and config/go, which the old flash cannot give whole.')).toBeTruthy();
  });
});
