// Step 1 with real reports: a good backup, one with notes, broken ones; choosing and dropping.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { BackupStep, type BackupStepProps } from '../../renderer/steps/BackupStep.js';
import { encryptedBackup, sampleBackup, zipBackup } from './data.js';

function renderStep(props: Partial<BackupStepProps>) {
  const callbacks = { onChoose: vi.fn(), onDrop: vi.fn(), onUnlock: vi.fn(), onNext: vi.fn() };
  render(<BackupStep backup={null} opening={null} error={null} {...callbacks} {...props} />);
  return callbacks;
}

describe('Backup step', () => {
  it('starts with one way forward: choosing the zip (or dropping it), and focus on the heading', () => {
    const { onChoose, onDrop } = renderStep({});
    const heading = screen.getByRole('heading', { level: 1, name: 'Choose your flash backup' });
    expect(document.activeElement).toBe(heading);
    fireEvent.click(screen.getByRole('button', { name: 'Choose backup zip…' }));
    expect(onChoose).toHaveBeenCalledOnce();
    expect(screen.queryByRole('button', { name: /Next/ })).toBeNull();

    const file = new File(['PK'], 'Tower-flash-backup.zip', { type: 'application/zip' });
    fireEvent.drop(screen.getByRole('region', { name: 'Choose your flash backup' }), { dataTransfer: { files: [file] } });
    expect(onDrop).toHaveBeenCalledWith(file);
  });

  it('asks for an encrypted backup’s passphrase, says when it does not open the zip, and opens it with the right one', async () => {
    const { onUnlock } = renderStep({ backup: await encryptedBackup('correct horse battery staple') });
    expect(screen.getByText(/is encrypted: enter its passphrase to read it/)).toBeTruthy();
    const open = screen.getByRole('button', { name: 'Open the backup' }) as HTMLButtonElement;
    expect(open.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Passphrase of the backup'), { target: { value: 'correct horse battery staple' } });
    fireEvent.click(open);
    expect(onUnlock).toHaveBeenCalledWith('correct horse battery staple');
    cleanup();

    renderStep({ backup: await encryptedBackup('correct horse battery staple', 'wrong horse') });
    expect(screen.getByText(/The passphrase does not open/)).toBeTruthy();
    expect(screen.getByLabelText('Passphrase of the backup')).toBeTruthy();
    cleanup();

    renderStep({ backup: await encryptedBackup('correct horse battery staple', 'correct horse battery staple') });
    expect(screen.getByText('This backup can be restored.')).toBeTruthy();
    expect(screen.queryByLabelText('Passphrase of the backup')).toBeNull();
  });

  it('shows what a good backup holds and lets the user go on', async () => {
    const backup = await sampleBackup({ version: '7.1.4', serverName: 'Tower' });
    const { onNext } = renderStep({ backup });
    const details = screen.getByRole('region', { name: 'What the backup holds' });
    expect(details.textContent).toContain('Tower-flash-backup-20261125-0312.zip');
    expect(details.textContent).toContain('7.1.4 (released 2026-06-10)');
    expect(details.textContent).toContain('Tower');
    expect(details.textContent).toMatch(/needs a drive of at least \d+(\.\d)? MB/);
    expect(details.textContent).toContain('legacy BIOS, UEFI');
    expect(details.textContent).toContain('This backup can be restored.');
    expect(screen.getByRole('button', { name: 'Choose a different zip…' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Next: choose the drive' }));
    expect(onNext).toHaveBeenCalledOnce();
  });

  it('shows the flash label the boot entries name, and refuses a backup of an internally booted 7.3 server with Unraid’s way back', async () => {
    const cfg = 'label Unraid OS\n  kernel /bzimage\n  append initrd=/bzroot unraidlabel=UNRAID-VM\n';
    renderStep({ backup: await sampleBackup({ entries: ['syslinux/syslinux.cfg', 'syslinux/syslinux.cfg-', 'EFI/boot/syslinux.cfg'].map((name) => ({ name, data: cfg })) }) });
    expect(screen.getByRole('region', { name: 'What the backup holds' }).textContent).toContain('Flash labelUNRAID-VM (unraidlabel=)');
    cleanup();

    const internal = await sampleBackup({ version: '7.3.0', omit: ['syslinux/', 'EFI/'], entries: [{ name: 'grub/grub.cfg', data: 'menuentry "Unraid OS" {\n}\n' }] });
    renderStep({ backup: internal });
    expect(screen.getByRole('heading', { name: 'This backup cannot be restored' })).toBeTruthy();
    expect(screen.getByText(/boots from an internal drive \(Unraid 7\.3 internal boot: grub\/grub\.cfg\)/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Next: choose the drive' })).toBeNull();
  });

  it('refuses at once a backup whose bzroot fails its .sha256, as Unraid would at boot', async () => {
    renderStep({ backup: await sampleBackup({ entries: [{ name: 'bzroot.sha256', data: `${'0'.repeat(64)}  bzroot\n` }] }) });
    expect(screen.getByRole('heading', { name: 'This backup cannot be restored' })).toBeTruthy();
    expect(screen.getByText('bzroot does not match its SHA-256 file bzroot.sha256; Unraid would refuse to boot from it.')).toBeTruthy();
  });

  it('lists notes that do not block, such as UEFI turned off in the backup', async () => {
    const backup = await sampleBackup({ uefi: false });
    renderStep({ backup });
    expect(screen.getByRole('heading', { name: 'Good to know' })).toBeTruthy();
    expect(screen.getByText(/UEFI boot is turned off in this backup/)).toBeTruthy();
    expect(screen.getByText(/UEFI turned off \(can be turned on in Options\)/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Next: choose the drive' })).toBeTruthy();
  });

  it('stops at a zip that is no flash backup, naming every problem, with no way forward', async () => {
    const backup = await zipBackup([{ name: '../../etc/cron.d/evil', data: 'x' }, { name: 'holiday.jpg', data: 'jpeg' }], 'photos.zip');
    renderStep({ backup });
    expect(screen.getByRole('heading', { name: 'This backup cannot be restored' })).toBeTruthy();
    expect(screen.getByText(/uses '\.\.' to point outside the flash drive/)).toBeTruthy();
    expect(screen.getByText(/photos\.zip is not an Unraid flash backup/)).toBeTruthy();
    expect(screen.getByText(/Choose another zip/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Next/ })).toBeNull();
  });

  it('says which zip it is reading, and shows an error from the last attempt', () => {
    renderStep({ opening: { name: 'Tower-flash-backup.zip' }, error: 'That is not a file on this computer; drop the zip file itself.' });
    expect(screen.getByRole('status').textContent).toBe('Reading Tower-flash-backup.zip…');
    expect((screen.getByRole('button', { name: 'Choose backup zip…' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole('alert').textContent).toBe('That is not a file on this computer; drop the zip file itself.');
  });

  it('says it is reading the backup, in a sentence of its own, before the file dialog has named it', () => {
    renderStep({ opening: { name: null }, error: null });
    expect(screen.getByRole('status').textContent).toBe('Reading the backup…');
  });
});
