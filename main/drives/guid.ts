// Unraid's flash GUID: how the licence names a USB flash drive. Pure: the same USB identity gives the
// same GUID on every system, offline.
//
// The formula is the one both official creators use (unraid/usb-creator deviceenumerator_windows.cpp
// and deviceenumerator_macos.cpp, unraid/usb-creator-next unraidguidvalidator.cpp):
//   GUID = VID-PID-SSSS-SSSSSSSSSSSS, upper case, the serial left-padded with '0' to 16 characters and
//   its right-most 16 kept.
// The serial: Unraid reads its own on Linux through udev's usb_id (so says usb-creator-next's
// drivelist_linux.cpp), whose ID_SERIAL_SHORT trims whitespace, turns inner whitespace into '_' and
// replaces characters outside [0-9A-Za-z#+-.:=@_] and valid UTF-8 with '_' (systemd's
// udev_replace_whitespace and udev_replace_chars). Every serial is cleaned the same way here, so an
// odd serial gives the GUID the server will show. Plain serials (letters and digits) are unchanged.
import type { FlashGuid } from '../../shared/drives.js';
import { message } from '../../shared/message.js';

/** The USB device a drive belongs to, as the operating system reports it. */
export interface UsbIdentity {
  readonly vendorId: number;
  readonly productId: number;
  /** The serial number string descriptor; null when the device has none. */
  readonly serial: string | null;
}

/** What looking for a drive's USB device found. */
export type UsbLookup =
  | { readonly kind: 'usb'; readonly identity: UsbIdentity }
  | { readonly kind: 'not-usb' }
  | { readonly kind: 'unreadable'; readonly reason: string };

export const NO_SERIAL_REASON = message('guid.no-serial');
export const NOT_USB_REASON = message('guid.not-usb');

const SERIAL_DIGITS = 16;

/** The GUID of a USB identity, or why it has none. */
export function flashGuid(identity: UsbIdentity): FlashGuid {
  const vendor = usbIdHex(identity.vendorId);
  const product = usbIdHex(identity.productId);
  if (vendor === undefined || product === undefined) {
    return { guid: null, noGuidReason: message('guid.ids-not-16-bit') };
  }
  const serial = identity.serial === null ? '' : serialAsUdevSeesIt(identity.serial);
  if (serial === '') return { guid: null, noGuidReason: NO_SERIAL_REASON };
  const digits = serial.toUpperCase().padStart(SERIAL_DIGITS, '0').slice(-SERIAL_DIGITS);
  return { guid: `${vendor}-${product}-${digits.slice(0, 4)}-${digits.slice(4)}`, noGuidReason: null };
}

/** The GUID a lookup leads to, or the reason there is none. */
export function guidOf(lookup: UsbLookup): FlashGuid {
  switch (lookup.kind) {
    case 'usb':
      return flashGuid(lookup.identity);
    case 'not-usb':
      return { guid: null, noGuidReason: NOT_USB_REASON };
    case 'unreadable':
      return { guid: null, noGuidReason: message('guid.serial-unreadable', { detail: lookup.reason }) };
  }
}

/** One lookup per device (run side by side), keyed by the device path. */
export async function lookupEach(
  devices: readonly string[],
  lookup: (device: string) => UsbLookup | Promise<UsbLookup>,
): Promise<Map<string, UsbLookup>> {
  return new Map(await Promise.all(devices.map(async (device): Promise<[string, UsbLookup]> => [device, await lookup(device)])));
}

/** The serial as udev's ID_SERIAL_SHORT holds it (see the top of this file). */
export function serialAsUdevSeesIt(raw: string): string {
  // C's isspace(), not JavaScript's \s: udev keeps a no-break space as valid UTF-8.
  return raw
    .replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/gu, '')
    .replace(/[ \t\n\v\f\r]+/gu, '_')
    .replace(/\\(?!x)|[^0-9A-Za-z#+\-.:=@_\\\u0080-\u{10ffff}]/gu, '_');
}

/** The lookup for ids written in hex ("0781"), as Linux writes them; source says who wrote them. */
export function usbLookupFromHex(vendorText: string, productText: string, serial: string | null, source: string): UsbLookup {
  const vendorId = parseUsbIdHex(vendorText);
  const productId = parseUsbIdHex(productText);
  if (vendorId === undefined || productId === undefined) {
    return { kind: 'unreadable', reason: `${source} gives USB ids that are not hex: ${vendorText}:${productText}` };
  }
  return { kind: 'usb', identity: { vendorId, productId, serial } };
}

function parseUsbIdHex(text: string): number | undefined {
  const match = /^\s*(?:0x)?([0-9a-f]{1,4})\s*$/iu.exec(text);
  return match?.[1] === undefined ? undefined : Number.parseInt(match[1], 16);
}

function usbIdHex(id: number): string | undefined {
  if (!Number.isInteger(id) || id < 0 || id > 0xffff) return undefined;
  return id.toString(16).toUpperCase().padStart(4, '0');
}
