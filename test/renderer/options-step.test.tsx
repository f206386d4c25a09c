// Step 3: folded options, prefilled from the backup's own config; only changes are sent, and only
// valid ones let the user go on. Rendered with the wizard's real reducer holding the choices.
import { fireEvent, render, screen } from '@testing-library/react';
import { useReducer } from 'react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { OpenedBackup } from '../../shared/ipc.js';
import { OptionsStep } from '../../renderer/steps/OptionsStep.js';
import { changedSettings, initialState, wizard } from '../../renderer/wizard.js';
import { sampleBackup } from './data.js';
import { NO_WIFI } from '../../renderer/wifi-choice.js';

let backup: OpenedBackup;
let noEfiBackup: OpenedBackup;
let vmBackup: OpenedBackup;
let noAppendBackup: OpenedBackup;
let mixedBackup: OpenedBackup;
beforeAll(async () => {
  backup = await sampleBackup({ serverName: 'Tower' });
  noEfiBackup = await sampleBackup({ omit: ['EFI/'] });
  const vmCfg = 'label Unraid OS\r\n  kernel /bzimage\r\n  append initrd=/bzroot unraidlabel=UNRAID-VM\r\n';
  vmBackup = await sampleBackup({ entries: ['syslinux/syslinux.cfg', 'syslinux/syslinux.cfg-', 'EFI/boot/syslinux.cfg'].map((name) => ({ name, data: vmCfg })) });
  mixedBackup = await sampleBackup({ entries: [{ name: 'syslinux/syslinux.cfg', data: vmCfg }] });
  noAppendBackup = await sampleBackup({ entries: ['syslinux/syslinux.cfg', 'syslinux/syslinux.cfg-', 'EFI/boot/syslinux.cfg'].map((name) => ({ name, data: 'default menu.c32\n' })) });
});

/** The step as the app holds it: choices in the wizard's state; the latest request it would send. */
function renderOptions(opened: OpenedBackup) {
  const onNext = vi.fn();
  const sent = { current: {} as ReturnType<typeof changedSettings> };
  function Holder() {
    const [state, dispatch] = useReducer(wizard, wizard(initialState, { type: 'backup-opened', backup: opened }));
    sent.current = changedSettings(opened, state.choices);
    return <OptionsStep backup={opened} choices={state.choices} onChange={(choices) => dispatch({ type: 'choices-changed', choices })} onBack={vi.fn()} onNext={onNext} />;
  }
  render(<Holder />);
  return { onNext, sent };
}

describe('Options step', () => {
  it('is folded and keeps everything from the backup unless opened', () => {
    const { onNext, sent } = renderOptions(backup);
    expect(screen.getByRole('status').textContent).toBe('Keeping every setting from the backup.');
    expect((screen.getByText('Change boot or network settings').closest('details') as HTMLDetailsElement).open).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Next: check and confirm' }));
    expect(onNext).toHaveBeenCalledOnce();
    expect(sent.current).toEqual({});
  });

  it('is prefilled from the backup’s config files', () => {
    renderOptions(backup);
    expect((screen.getByRole('checkbox', { name: 'Allow UEFI boot' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('textbox', { name: 'Server name' }) as HTMLInputElement).value).toBe('Tower');
    expect((screen.getByRole('radio', { name: 'Fixed address' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('textbox', { name: 'IP address' }) as HTMLInputElement).value).toBe('192.168.1.20');
    expect((screen.getByRole('textbox', { name: 'Netmask' }) as HTMLInputElement).value).toBe('255.255.255.0');
    expect((screen.getByRole('textbox', { name: 'Gateway' }) as HTMLInputElement).value).toBe('192.168.1.1');
    expect((screen.getByRole('textbox', { name: 'DNS server' }) as HTMLInputElement).value).toBe('192.168.1.1');
  });

  it('sends a new server name only while it differs, and refuses one Unraid cannot use', () => {
    const { onNext, sent } = renderOptions(backup);
    const name = screen.getByRole('textbox', { name: 'Server name' });
    fireEvent.change(name, { target: { value: 'Tower 2' } });
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/The server name must be 1 to 15 letters/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Next: check and confirm' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.change(name, { target: { value: 'Backup-Tower' } });
    expect(screen.getByRole('status').textContent).toBe('Changing: server name Tower → Backup-Tower.');
    expect(sent.current).toEqual({ serverName: 'Backup-Tower' });
    fireEvent.change(name, { target: { value: 'Tower' } });
    expect(sent.current).toEqual({});
    expect(onNext).not.toHaveBeenCalled();
  });

  it('switches the network to DHCP (hiding the fixed addresses) and checks addresses as they are typed', () => {
    const { sent } = renderOptions(backup);
    fireEvent.change(screen.getByRole('textbox', { name: 'IP address' }), { target: { value: '192.168.1.300' } });
    expect(screen.getByText('The field “IP address” must hold an IPv4 address like 192.168.1.20.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Next: check and confirm' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByRole('textbox', { name: 'IP address' }), { target: { value: '192.168.1.30' } });
    expect(sent.current.network).toEqual({ dhcp: false, address: '192.168.1.30', netmask: '255.255.255.0', gateway: '192.168.1.1', dns: '192.168.1.1' });

    fireEvent.click(screen.getByRole('radio', { name: 'Automatic (DHCP)' }));
    expect(screen.queryByRole('textbox', { name: 'IP address' })).toBeNull();
    expect(screen.getByRole('textbox', { name: 'DNS server' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Changing: network address from DHCP.');
    expect(sent.current.network?.dhcp).toBe(true);
  });

  it('turns UEFI off when asked, and cannot turn it on without an EFI folder', () => {
    const { sent } = renderOptions(backup);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Allow UEFI boot' }));
    expect(screen.getByRole('status').textContent).toBe('Changing: UEFI boot off.');
    expect(sent.current).toEqual({});
    render(<OptionsStep backup={noEfiBackup} choices={{ uefi: false, serverName: 'Tower', network: null, bootLabel: 'UNRAID', unifyBootLabel: false, wifi: NO_WIFI }} onChange={vi.fn()} onBack={vi.fn()} onNext={vi.fn()} />);
    const checkboxes = screen.getAllByRole('checkbox', { name: 'Allow UEFI boot' }) as HTMLInputElement[];
    expect(checkboxes[1]!.disabled).toBe(true);
    expect(screen.getByText('The backup has no EFI folder, so the drive cannot boot in UEFI mode.')).toBeTruthy();
  });

  it('shows the flash label from the backup’s boot entries and sends a new one only while it differs', () => {
    const { onNext, sent } = renderOptions(vmBackup);
    const label = screen.getByRole('textbox', { name: 'Flash label' }) as HTMLInputElement;
    expect(label.value).toBe('UNRAID-VM');
    expect(screen.getByText(/From the backup: UNRAID-VM\. Unraid finds its flash drive by this label/)).toBeTruthy();
    expect(screen.queryByRole('checkbox', { name: /Set this label on every boot entry/ })).toBeNull();

    fireEvent.change(label, { target: { value: 'unraid' } });
    expect(label.value).toBe('UNRAID');
    expect(screen.getByRole('status').textContent).toBe('Changing: flash label UNRAID-VM → UNRAID.');
    expect(sent.current).toEqual({ bootLabel: 'UNRAID' });
    fireEvent.change(label, { target: { value: 'UNRAID-VM' } });
    expect(sent.current).toEqual({});
    fireEvent.click(screen.getByRole('button', { name: 'Next: check and confirm' }));
    expect(onNext).toHaveBeenCalledOnce();
  });

  it('refuses a flash label Unraid cannot use, and lets nothing go on', () => {
    const { onNext } = renderOptions(backup);
    const label = screen.getByRole('textbox', { name: 'Flash label' });
    fireEvent.change(label, { target: { value: 'MY UNRAID VM' } });
    expect(label.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/at most 11 characters; “MY UNRAID VM” has 12/)).toBeTruthy();
    fireEvent.change(label, { target: { value: 'UNRAID.VM' } });
    expect(screen.getByText(/only A–Z, 0–9, - and _/)).toBeTruthy();
    const next = screen.getByRole('button', { name: 'Next: check and confirm' }) as HTMLButtonElement;
    expect(next.disabled).toBe(true);
    fireEvent.click(next);
    expect(onNext).not.toHaveBeenCalled();
  });

  it('offers to set one label on every boot entry when the backup’s entries disagree', () => {
    const { sent } = renderOptions(mixedBackup);
    expect((screen.getByRole('textbox', { name: 'Flash label' }) as HTMLInputElement).value).toBe('UNRAID-VM');
    expect(sent.current).toEqual({});
    fireEvent.click(screen.getByRole('checkbox', { name: /Set this label on every boot entry/ }));
    expect(sent.current).toEqual({ bootLabel: 'UNRAID-VM' });
    expect(screen.getByRole('status').textContent).toBe('Changing: flash label UNRAID-VM on every boot entry.');
  });

  it('says so when the backup has no boot entries to set a label on', () => {
    renderOptions(noAppendBackup);
    expect(screen.queryByRole('textbox', { name: 'Flash label' })).toBeNull();
    expect(screen.getByText(/no boot entries, so the flash label cannot be set here/)).toBeTruthy();
  });

  it('sends Wi-Fi for a restored server that now joins one, only once it is valid, and says the password is stored in plain text', () => {
    const { onNext, sent } = renderOptions(backup);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Join a Wi-Fi network' }));
    const next = screen.getByRole('button', { name: 'Next: check and confirm' }) as HTMLButtonElement;
    fireEvent.change(screen.getByLabelText('Network name (SSID)'), { target: { value: 'Home Net' } });
    fireEvent.change(screen.getByLabelText('Wi-Fi password'), { target: { value: 'short' } });
    fireEvent.change(screen.getByLabelText('Country (two letters, such as DE)'), { target: { value: 'nl' } });
    expect(next.disabled).toBe(true);
    expect(screen.getByText(/password/i, { selector: '.field-problem' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Wi-Fi password'), { target: { value: 'correct horse' } });
    expect(next.disabled).toBe(false);
    expect(screen.getByText('The password is written to the drive in plain text (config/wireless.cfg); the server encrypts it when it first starts.')).toBeTruthy();
    expect(sent.current).toEqual({ wifi: { ssid: 'Home Net', security: 'psk', password: 'correct horse', country: 'NL' } });
    fireEvent.click(screen.getByRole('radio', { name: 'Open, no password' }));
    expect(screen.queryByLabelText('Wi-Fi password')).toBeNull();
    expect(sent.current).toEqual({ wifi: { ssid: 'Home Net', security: 'open', password: '', country: 'NL' } });
    fireEvent.click(next);
    expect(onNext).toHaveBeenCalledOnce();
  });
});
