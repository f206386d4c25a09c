// Linux USB identities, from recorded outputs and from this machine's own sysfs.
// Recorded (test/fixtures/drives): `udevadm info --query=property --name=/dev/sdX` in the layout of
// systemd 252 (Debian 12: ID_USB_* beside ID_*) and systemd 245 (Ubuntu 20.04: ID_* only), after
// public captures (the README of whawty's libvirt USB hot-plug daemon, a NixOS NanoKVM module's
// notes); ata_id filling ID_* for disks in USB enclosures is systemd's 60-persistent-storage.rules.
// linux-sysfs.json is a /sys tree laid out as the kernel does for usb-storage
// (Documentation/ABI/stable/sysfs-bus-usb: idVendor, idProduct, serial on the USB device;
// /sys/block/sdX -> ../devices/.../block/sdX, its device -> ../../../H:C:T:L), with root hubs that
// carry the controller's name as serial.
// No USB stick is plugged into this machine: the real-sysfs tests see its system disk and a loop device.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { guidOf, NO_SERIAL_REASON, type UsbLookup } from '../../main/drives/guid.js';
import { parseUdevProperties, readLinuxUsbIdentity, readSysfsUsbIdentity } from '../../main/drives/guid/linux.js';
import { LoopDevices, systemDisk } from '../fixtures/drives/host.js';
import { recorded, recordedSysfs } from '../fixtures/drives/recorded.js';

const scratch = mkdtempSync(join(tmpdir(), 'guid-linux-test-'));
const sysRoot = recordedSysfs(scratch);
const loops = new LoopDevices();
afterAll(() => {
  loops.release();
  rmSync(scratch, { recursive: true, force: true });
});

function guidFrom(lookup: UsbLookup): string | null {
  return guidOf(lookup).guid;
}

describe('parseUdevProperties', () => {
  it('reads a SanDisk Ultra Fit from recorded Debian 12 udevadm output (no USB stick on this machine)', () => {
    const lookup = parseUdevProperties(recorded('linux-udevadm-sandisk-ultra-fit.txt'));
    expect(lookup).toEqual({ kind: 'usb', identity: { vendorId: 0x0781, productId: 0x5583, serial: '4C530001230101117405' } });
    expect(guidFrom(lookup)).toBe('0781-5583-0001-230101117405');
  });

  it('reads the same from `udevadm info` output, whose lines start with "E: "', () => {
    const plain = recorded('linux-udevadm-sandisk-ultra-fit.txt');
    const prefixed = plain.replace(/^/gmu, 'E: ');
    expect(parseUdevProperties(prefixed)).toEqual(parseUdevProperties(plain));
  });

  it('finds no serial on a stick without one, in recorded systemd 245 output that has only ID_* properties', () => {
    const lookup = parseUdevProperties(recorded('linux-udevadm-no-serial-systemd245.txt'));
    expect(lookup).toEqual({ kind: 'usb', identity: { vendorId: 0x058f, productId: 0x6387, serial: null } });
    expect(guidOf(lookup).noGuidReason).toBe(NO_SERIAL_REASON);
  });

  it("takes a USB enclosure's bridge identity from ID_USB_*, not the ID_* that ata_id filled from the disk inside", () => {
    const output = recorded('linux-udevadm-usb-sata-enclosure.txt');
    expect(parseUdevProperties(output)).toEqual({ kind: 'usb', identity: { vendorId: 0x152d, productId: 0x0578, serial: '0000000123AC' } });
    // Older udev has no ID_USB_*: then ID_BUS=ata says the ID_* are the disk's, and sysfs must decide.
    const older = output.split('\n').filter((line) => !line.startsWith('ID_USB_')).join('\n');
    expect(parseUdevProperties(older)).toEqual({ kind: 'not-usb' });
  });

  it('sees no USB device above a SATA disk, nor in output without properties', () => {
    expect(parseUdevProperties(recorded('linux-udevadm-sata.txt'))).toEqual({ kind: 'not-usb' });
    expect(parseUdevProperties('')).toEqual({ kind: 'not-usb' });
  });

  it('names udev as the source of ids that are not hex', () => {
    const broken = recorded('linux-udevadm-sandisk-ultra-fit.txt').replace('ID_USB_VENDOR_ID=0781', 'ID_USB_VENDOR_ID=07g1');
    expect(parseUdevProperties(broken)).toEqual({ kind: 'unreadable', reason: 'udev gives USB ids that are not hex: 07g1:5583' });
  });
});

describe('readSysfsUsbIdentity on a recorded /sys tree', () => {
  it('walks up from block/sdb (a symlink, as the kernel makes it) to the nearest USB device, not the root hub', async () => {
    const lookup = await readSysfsUsbIdentity('sdb', sysRoot);
    expect(lookup).toEqual({ kind: 'usb', identity: { vendorId: 0x0781, productId: 0x5583, serial: '4C530001230101117405' } });
  });

  it('stops at a stick without a serial rather than borrowing the serial of the hubs above it', async () => {
    expect(await readSysfsUsbIdentity('sdc', sysRoot)).toEqual({ kind: 'usb', identity: { vendorId: 0x058f, productId: 0x6387, serial: null } });
  });

  it('reads a 24-digit Kingston serial, of which the GUID keeps 16', async () => {
    expect(guidFrom(await readSysfsUsbIdentity('sdd', sysRoot))).toBe('0951-1666-AE22-EEA0797900E5');
  });

  it('finds no USB device above a SATA disk', async () => {
    expect(await readSysfsUsbIdentity('sda', sysRoot)).toEqual({ kind: 'not-usb' });
  });

  it('gives for an odd serial the GUID udev gives (recorded udevadm output of the same stick)', async () => {
    const fromSysfs = await readSysfsUsbIdentity('sdf', sysRoot);
    const fromUdev = parseUdevProperties(recorded('linux-udevadm-odd-serial.txt'));
    expect(fromSysfs.kind === 'usb' && fromSysfs.identity.serial).toBe('  7F3A 22\tB1/9  ');
    expect(guidFrom(fromSysfs)).toBe('090C-1000-0000-7F3A_22_B1_9');
    expect(guidFrom(fromSysfs)).toBe(guidFrom(fromUdev));
  });

  it('says so when the kernel has no such device', async () => {
    expect(await readSysfsUsbIdentity('sdz', sysRoot)).toEqual({ kind: 'unreadable', reason: 'the kernel lists no block device sdz' });
  });

  it('names the directory holding ids that are not hex', async () => {
    const damaged = recordedSysfs(scratch);
    const reader = join(damaged, 'devices/pci0000:00/0000:00:14.0/usb1/1-4');
    writeFileSync(join(reader, 'idVendor'), 'zz\n');
    expect(await readSysfsUsbIdentity('sde', damaged)).toEqual({ kind: 'unreadable', reason: `${reader} gives USB ids that are not hex: zz:0129` });
  });
});

describe("this machine's sysfs", () => {
  it('finds no USB device above the system disk (found from the mount of /)', async () => {
    expect(await readSysfsUsbIdentity(basename(systemDisk()))).toEqual({ kind: 'not-usb' });
    expect(await readLinuxUsbIdentity(systemDisk())).toEqual({ kind: 'not-usb' });
  });

  it('finds no USB device for a loop device, which the kernel makes up', async () => {
    const device = loops.attach(8 * 1024 * 1024);
    expect(await readLinuxUsbIdentity(device)).toEqual({ kind: 'not-usb' });
  });
});
