// The install's release and settings steps: the list with its test versions, notes and the zip
// offered when the list does not answer; the retry's back-off; the settings' way forward closed
// until the name, address and Wi-Fi can be written.
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ReleaseList } from '../../shared/ipc.js';
import { retryDelay } from '../../renderer/jobs/InstallFlow.js';
import { InstallSettingsStep, settingsValid, type NewServerSettings } from '../../renderer/jobs/InstallSettingsStep.js';
import { ReleaseStep, type ReleaseStepProps } from '../../renderer/jobs/ReleaseStep.js';
import { NO_WIFI } from '../../renderer/wifi-choice.js';

const LIST: ReleaseList = {
  address: 'https://releases.unraid.net/usb-creator',
  releases: [
    { releaseId: 'release-1', name: 'Unraid 7.2.1', version: '7.2.1', releaseDate: '2026-01-01', notes: 'https://docs.unraid.net/7.2.1', downloadBytes: 500_000_000, next: false, verifiable: true, cached: true },
    { releaseId: 'release-2', name: 'Unraid 7.3.0-rc.1', version: '7.3.0-rc.1', releaseDate: null, notes: null, downloadBytes: null, next: true, verifiable: false, cached: false },
  ],
};

function releaseStep(props: Partial<ReleaseStepProps>) {
  const handlers = { onChoose: vi.fn(), onRetry: vi.fn(), onAddress: vi.fn(), onOpenZip: vi.fn(), onDrop: vi.fn(), onRestoreInstead: vi.fn(), onNext: vi.fn() };
  render(<ReleaseStep list={null} listError={null} retryIn={null} releaseId={null} zip={null} opening={null} error={null} address={null} {...handlers} {...props} />);
  return handlers;
}

describe('Release step', () => {
  it('lists stable releases and marked test versions, with dates, notes and what is cached; the way forward opens once one is chosen', () => {
    const { onChoose } = releaseStep({ list: LIST });
    expect(screen.getAllByText('Test version')).toHaveLength(1);
    expect(screen.getByText(/Released on 2026-01-01 · Download: 500 MB · Already downloaded/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Release notes for Unraid 7.2.1' }).getAttribute('href')).toBe('https://docs.unraid.net/7.2.1');
    expect(screen.getByText(/the download itself cannot be verified/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Next: drive' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('radio', { name: /Unraid 7\.3\.0-rc\.1/ }));
    expect(onChoose).toHaveBeenCalledWith('release-2');
  });

  it('takes another list address, and goes back to Unraid’s list once one was chosen', () => {
    const { onAddress } = releaseStep({ list: LIST });
    const use = screen.getByRole('button', { name: 'Use this list' }) as HTMLButtonElement;
    expect(use.disabled).toBe(true);
    expect(screen.queryByRole('button', { name: 'Use Unraid’s list' })).toBeNull();
    fireEvent.change(screen.getByLabelText('Address of the release list'), { target: { value: ' https://mirror.example/usb-creator ' } });
    fireEvent.click(use);
    expect(onAddress).toHaveBeenCalledWith('https://mirror.example/usb-creator');
  });

  it('shows the address chosen, and Unraid’s list as the way back', () => {
    const { onAddress } = releaseStep({ list: LIST, address: 'https://mirror.example/usb-creator' });
    expect((screen.getByLabelText('Address of the release list') as HTMLInputElement).value).toBe('https://mirror.example/usb-creator');
    expect((screen.getByRole('button', { name: 'Use this list' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Use Unraid’s list' }));
    expect(onAddress).toHaveBeenCalledWith(null);
  });

  it('says the list does not answer, when it tries again, and offers trying now and a zip', () => {
    const { onRetry, onOpenZip } = releaseStep({ listError: 'The release list could not be fetched.', retryIn: 10 });
    expect(screen.getByText('Trying again in 10 seconds.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Try again now' }));
    fireEvent.click(screen.getByRole('button', { name: 'Use a release zip…' }));
    expect(onRetry).toHaveBeenCalledOnce();
    expect(onOpenZip).toHaveBeenCalledOnce();
  });

  it('waits longer after each failed try, at most a minute', () => {
    expect([0, 1, 2, 3, 4, 10].map(retryDelay)).toEqual([5, 10, 20, 40, 60, 60]);
  });
});

describe('Settings step of the install', () => {
  const defaults: NewServerSettings = { serverName: 'Tower', network: { dhcp: true, address: '', netmask: '', gateway: '', dns: '' }, wifi: NO_WIFI, uefi: true };

  it('is ready with the release’s defaults, and not with a name, address or Wi-Fi Unraid could not use', () => {
    expect(settingsValid(defaults)).toBe(true);
    expect(settingsValid({ ...defaults, serverName: 'tower_1' })).toBe(false);
    expect(settingsValid({ ...defaults, network: { ...defaults.network, dhcp: false } })).toBe(false);
    expect(settingsValid({ ...defaults, network: { dhcp: false, address: '192.168.1.50', netmask: '255.255.255.0', gateway: '', dns: '' } })).toBe(true);
    expect(settingsValid({ ...defaults, wifi: { on: true, ssid: 'Home', security: 'sae', password: 'short', country: 'DE' } })).toBe(false);
    expect(settingsValid({ ...defaults, wifi: { on: false, ssid: '', security: 'sae', password: 'short', country: '' } })).toBe(true);
  });

  it('closes the way forward and says why while the name is wrong', () => {
    const onNext = vi.fn();
    render(<InstallSettingsStep settings={{ ...defaults, serverName: '-nas' }} onChange={vi.fn()} onBack={vi.fn()} onNext={onNext} />);
    expect((screen.getByRole('button', { name: 'Next: check and confirm' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('Correct the settings marked above first.')).toBeTruthy();
  });
});
