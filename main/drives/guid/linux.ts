// A Linux drive's USB identity. Two sources, one answer:
// - udev's properties (`udevadm info --query=property`): the same usb_id values Unraid itself reads;
// - the kernel's sysfs tree, for systems without udevadm (containers, minimal installs): from
//   /sys/block/<name>/device walk up to the nearest directory with idVendor and idProduct, the USB
//   device the disk belongs to; its `serial` attribute exists only when the device has a serial.
import { realpath } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import { lookupEach, usbLookupFromHex, type UsbLookup } from '../guid.js';
import { runSystemTool } from '../run-query.js';
import { readAttribute, realpathIfExists } from '../files.js';

/** A drive's lookup from `udevadm info --query=property --name=/dev/sdX` output. */
export function parseUdevProperties(output: string): UsbLookup {
  const properties = new Map<string, string>();
  for (const line of output.split('\n')) {
    // `--query=property` prints KEY=value; `udevadm info` without it prefixes "E: ".
    const match = /^(?:E: )?([A-Z0-9_]+)=(.*)$/u.exec(line.trimEnd());
    if (match?.[1] !== undefined && match[2] !== undefined) properties.set(match[1], match[2]);
  }
  // Newer udev keeps usb_id's answers in ID_USB_*. ID_* may describe something else: for a disk in
  // a USB enclosure, ata_id fills them from the disk inside (and sets ID_BUS=ata). Older udev has
  // only ID_*, which belong to the USB device when ID_BUS is usb.
  const family = properties.has('ID_USB_VENDOR_ID') ? 'ID_USB_' : properties.get('ID_BUS') === 'usb' ? 'ID_' : undefined;
  if (family === undefined) return { kind: 'not-usb' };
  const usbProperty = (name: string) => properties.get(`${family}${name}`);
  return usbLookupFromHex(usbProperty('VENDOR_ID') ?? '', usbProperty('MODEL_ID') ?? '', usbProperty('SERIAL_SHORT') ?? null, 'udev');
}

/** A drive's lookup from the sysfs tree under sysRoot (a recorded copy in tests, /sys for real). */
export async function readSysfsUsbIdentity(name: string, sysRoot = '/sys'): Promise<UsbLookup> {
  try {
    if (!(await realpathIfExists(join(sysRoot, 'block', name)))) {
      return { kind: 'unreadable', reason: `the kernel lists no block device ${name}` };
    }
    const devicesRoot = join(await realpath(sysRoot), 'devices');
    const start = await realpathIfExists(join(sysRoot, 'block', name, 'device'));
    // No device link: a loop, RAM, device-mapper or md device, made up by the kernel.
    for (let dir = start; dir?.startsWith(devicesRoot + sep); dir = dirname(dir)) {
      const vendorText = await readAttribute(dir, 'idVendor');
      if (vendorText === undefined) continue;
      const productText = (await readAttribute(dir, 'idProduct')) ?? '';
      return usbLookupFromHex(vendorText, productText, (await readAttribute(dir, 'serial')) ?? null, dir);
    }
    return { kind: 'not-usb' };
  } catch (error) {
    return { kind: 'unreadable', reason: `sysfs cannot be read for ${name}: ${(error as Error).message}` };
  }
}

/** udev's answer when it names a USB device; otherwise the kernel's own tree decides. */
export async function readLinuxUsbIdentity(device: string): Promise<UsbLookup> {
  const udev = await runSystemTool('udevadm', ['info', '--query=property', `--name=${device}`]);
  if (udev.ok) {
    const lookup = parseUdevProperties(udev.stdout);
    if (lookup.kind === 'usb') return lookup;
  }
  return readSysfsUsbIdentity(basename(device));
}

export function readLinuxUsbIdentities(devices: readonly string[]): Promise<Map<string, UsbLookup>> {
  return lookupEach(devices, readLinuxUsbIdentity);
}
