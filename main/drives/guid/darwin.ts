// A Mac drive's USB identity, from `ioreg -r -c IOUSBHostDevice -l -w 0`: the IORegistry subtrees of
// the USB devices, down to the IOMedia objects that carry the disks' BSD names (disk4). A disk's USB
// device is its nearest IOUSBHostDevice ancestor (a hub is one too, further up), whose properties hold
// idVendor and idProduct (decimal) and, when the device has one, "USB Serial Number".
//
// system_profiler is not used: SPUSBDataType (before macOS 15) links USB devices to BSD names, but
// SPUSBHostDataType, which replaces it, has no BSD names at all.
import { basename } from 'node:path';
import { lookupEach, type UsbLookup } from '../guid.js';
import { runSystemTool } from '../run-query.js';

/** One IORegistry object of an ioreg listing. */
export interface RegistryNode {
  readonly className: string;
  readonly properties: Map<string, string | number>;
  readonly parent: RegistryNode | undefined;
}

const USB_DEVICE_CLASS = 'IOUSBHostDevice';

/** Every object of an `ioreg -l` listing, each linked to its parent. */
export function parseIoregTree(output: string): RegistryNode[] {
  const nodes: RegistryNode[] = [];
  // The open path from the root to the last object, with the column of each object's "+-o".
  const path: { column: number; node: RegistryNode }[] = [];
  for (const line of output.split('\n')) {
    const header = /^([ |]*)\+-o .*?<class ([^,>]+)/u.exec(line);
    if (header?.[1] !== undefined && header[2] !== undefined) {
      const column = header[1].length;
      while (path.length > 0 && (path.at(-1)?.column ?? 0) >= column) path.pop();
      const node: RegistryNode = { className: header[2], properties: new Map(), parent: path.at(-1)?.node };
      nodes.push(node);
      path.push({ column, node });
      continue;
    }
    const property = /^[ |]*"([^"]+)" = (.*)$/u.exec(line);
    const owner = path.at(-1)?.node;
    if (property?.[1] !== undefined && property[2] !== undefined && owner) {
      owner.properties.set(property[1], propertyValue(property[2]));
    }
  }
  return nodes;
}

/** The lookup for one disk (its BSD name, e.g. "disk4") in a parsed ioreg listing. */
export function usbLookupForDisk(nodes: readonly RegistryNode[], bsdName: string): UsbLookup {
  const media = nodes.find((node) => node.properties.get('BSD Name') === bsdName);
  let device = media?.parent;
  while (device && device.className !== USB_DEVICE_CLASS) device = device.parent;
  if (!device) return { kind: 'not-usb' };
  const vendorId = device.properties.get('idVendor');
  const productId = device.properties.get('idProduct');
  if (typeof vendorId !== 'number' || typeof productId !== 'number') {
    return { kind: 'unreadable', reason: `ioreg shows no vendor and product id for the USB device of ${bsdName}` };
  }
  const serial = device.properties.get('USB Serial Number') ?? device.properties.get('kUSBSerialNumberString');
  return { kind: 'usb', identity: { vendorId, productId, serial: typeof serial === 'string' ? serial : null } };
}

export async function readDarwinUsbIdentities(devices: readonly string[]): Promise<Map<string, UsbLookup>> {
  const ioreg = await runSystemTool('ioreg', ['-r', '-c', USB_DEVICE_CLASS, '-l', '-w', '0']);
  if (!ioreg.ok) return lookupEach(devices, () => ({ kind: 'unreadable', reason: ioreg.reason }));
  const nodes = parseIoregTree(ioreg.stdout);
  return lookupEach(devices, (device) => usbLookupForDisk(nodes, basename(device)));
}

/** "text" → text, 1921 → 1921; anything else (dictionaries, data, Yes/No) is kept as written. */
function propertyValue(text: string): string | number {
  const quoted = /^"(.*)"$/u.exec(text);
  if (quoted?.[1] !== undefined) return quoted[1];
  return /^\d+$/u.test(text) ? Number(text) : text;
}
