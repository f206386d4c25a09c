// Makes every timed measurement of the restore benchmark meet the machine's memory in the same state.
//
// On a virtual machine whose balloon device reports free pages (virtio-balloon free page
// reporting; this machine is one), the guest hands the memory it frees back to the host over the
// next few seconds, and the host backs it again only when it is next touched, one fault at a time.
// Writing 500 MB to a file goes through that many bytes of fresh page cache, so its cost depends on
// how long ago the last measurement deleted its file. Measured here with dd (500 MB, then fsync):
// 0.74–0.88 s wall and 0.18–0.23 s system time right after a deletion, 1.32–1.52 s and
// 0.66–0.89 s after 6 s idle, 1.77–1.88 s and 1.10–1.20 s after 10 s or more, where it stays.
// Left alone, a measurement that starts just after a deletion wins, and one that runs past the
// host's first reports loses, whatever the code does. So each one starts after the same idle time,
// long enough for the host to have taken everything back. Elsewhere (bare metal, no reporting)
// there is nothing to wait for.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const VIRTIO_DEVICES = '/sys/bus/virtio/devices';
const VIRTIO_ID_BALLOON = 5;
/** The feature bit of free page reporting (VIRTIO_BALLOON_F_REPORTING). */
const BALLOON_F_REPORTING = 5;
const SETTLE_MS = 10_000;

/** Whether a balloon device here has free page reporting on: sysfs lists features as '0'/'1' per bit. */
function hostTakesBackFreedMemory(): boolean {
  let names: string[];
  try {
    names = readdirSync(VIRTIO_DEVICES);
  } catch {
    return false;
  }
  return names.some((name) => {
    try {
      const id = Number(readFileSync(join(VIRTIO_DEVICES, name, 'device'), 'utf8').trim());
      const features = readFileSync(join(VIRTIO_DEVICES, name, 'features'), 'utf8');
      return id === VIRTIO_ID_BALLOON && features[BALLOON_F_REPORTING] === '1';
    } catch {
      return false;
    }
  });
}

/** How long each measurement waits first: 0 where no host takes memory back. */
export const memorySettleMs = hostTakesBackFreedMemory() ? SETTLE_MS : 0;

export async function settleMemory(): Promise<void> {
  if (memorySettleMs > 0) await sleep(memorySettleMs);
}
