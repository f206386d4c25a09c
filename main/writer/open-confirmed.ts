// Opens the drive the re-check found, once, and checks that the descriptor is that drive: a path
// re-pointed, or a drive unplugged and another plugged in between the check and the open, gives
// another device number, and the job stops before it reads or writes a byte. The one descriptor
// then serves the probe, the write and the read-back.
import { devNumberOf } from '../drives/mounts.js';
import type { DeviceDescription } from '../drives/device.js';
import { openDrive, type OpenedDrive } from '../flash/block-device-target.js';
import { message } from '../../shared/message.js';
import type { Refused } from './recheck.js';

export async function openConfirmed(found: DeviceDescription, options: { readonly write: boolean; readonly platform?: NodeJS.Platform }): Promise<OpenedDrive | Refused> {
  const opened = await openDrive({ ...found, size: found.size ?? 0 }, options);
  // Linux numbers the block device the same through any path to it. macOS opens the raw /dev/rdiskN
  // (a character device numbered apart from /dev/diskN) and Windows has no device numbers: there the
  // re-check just before the open is what stands.
  if ((options.platform ?? process.platform) !== 'linux') return opened;
  const openedNumber = devNumberOf(opened.rdev);
  if (openedNumber === found.devNumber) return opened;
  await opened.close();
  return { status: 'refused', device: found.device, reasons: [message('verdict.replaced', { device: found.device, found: openedNumber, confirmed: found.devNumber })] };
}
