// A Windows drive's USB identity. Windows names a USB device by its instance id,
// USB\VID_0781&PID_5583\4C530001230101117405: the part after the last backslash is the device's
// serial number, unless it has none. Then Windows makes one up from the USB port, and that id holds
// '&' (USB\VID_058F&PID_6387\6&1D4C2B6E&0&3): not a serial (the official creator also refuses those).
//
// One PowerShell query lists every disk with the chain of its parent devices: a USB disk's parent is
// its USB device; for a composite device an interface (USB\VID_..&PID_..&MI_00\..) sits in between.
import { lookupEach, type UsbLookup } from '../guid.js';
import { runQuery } from '../run-query.js';
import { powershellEncoded, windowsPowerShell } from '../system-tools.js';

/** Windows PowerShell 5.1 (in every Windows 10 and 11): disk number, instance id, parent chain. */
export const DISK_PARENTS_SCRIPT = `
[Console]::OutputEncoding = [Text.Encoding]::UTF8
$disks = @(Get-CimInstance -ClassName Win32_DiskDrive | ForEach-Object {
  $parents = @()
  $id = $_.PNPDeviceID
  while ($id -and $parents.Count -lt 4) {
    $id = (Get-PnpDeviceProperty -InstanceId $id -KeyName DEVPKEY_Device_Parent -ErrorAction SilentlyContinue).Data
    if ($id) { $parents += $id }
  }
  [pscustomobject]@{ Index = $_.Index; PNPDeviceID = $_.PNPDeviceID; Parents = $parents }
})
ConvertTo-Json -InputObject $disks -Depth 3
`;

/** Disk number → its parents' instance ids, nearest first, from the query's JSON. Throws when malformed. */
export function parseDiskParents(output: string): Map<number, readonly string[]> {
  const text = output.trim();
  if (text === '') return new Map();
  const parsed: unknown = JSON.parse(text);
  const disks = new Map<number, readonly string[]>();
  // A single disk may come as a bare object rather than a list of one.
  for (const entry of Array.isArray(parsed) ? parsed : [parsed]) {
    const { Index: index, Parents: parents } = (entry ?? {}) as { Index?: unknown; Parents?: unknown };
    if (typeof index !== 'number') throw new Error('an entry has no disk number');
    const chain = typeof parents === 'string' ? [parents] : (parents ?? []);
    if (!Array.isArray(chain) || !chain.every((id) => typeof id === 'string')) {
      throw new Error(`disk ${index} has parents that are not device instance ids`);
    }
    disks.set(index, chain);
  }
  return disks;
}

/** The lookup for a disk from its parents' instance ids. */
export function usbLookupFromParents(parents: readonly string[]): UsbLookup {
  for (const id of parents) {
    const match = /^USB\\VID_([0-9A-F]{4})&PID_([0-9A-F]{4})([^\\]*)\\(.+)$/iu.exec(id);
    if (match?.[1] === undefined || match[2] === undefined || match[4] === undefined) continue;
    // An interface of a composite device: the device itself is further up.
    if (/&MI_/iu.test(match[3] ?? '')) continue;
    const instance = match[4];
    const serial = instance.includes('&') ? null : instance;
    return { kind: 'usb', identity: { vendorId: Number.parseInt(match[1], 16), productId: Number.parseInt(match[2], 16), serial } };
  }
  return { kind: 'not-usb' };
}

export async function readWindowsUsbIdentities(devices: readonly string[]): Promise<Map<string, UsbLookup>> {
    const query = await runQuery(windowsPowerShell(process.env['SystemRoot']), ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', powershellEncoded(DISK_PARENTS_SCRIPT)], 'PowerShell');
  if (!query.ok) return lookupEach(devices, () => ({ kind: 'unreadable', reason: query.reason }));
  let disks: Map<number, readonly string[]>;
  try {
    disks = parseDiskParents(query.stdout);
  } catch (error) {
    const reason = `PowerShell's list of disks cannot be read: ${(error as Error).message}`;
    return lookupEach(devices, () => ({ kind: 'unreadable', reason }));
  }
  return lookupEach(devices, (device) => {
    const parents = disks.get(diskNumber(device) ?? -1);
    return parents ? usbLookupFromParents(parents) : { kind: 'unreadable', reason: `Windows lists no disk ${device}` };
  });
}

/** \\.\PhysicalDrive1 → 1. */
function diskNumber(device: string): number | undefined {
  const match = /^\\\\\.\\PhysicalDrive(\d+)$/iu.exec(device);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
