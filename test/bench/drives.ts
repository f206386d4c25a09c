// Benchmark of the drive list: `npx tsx test/bench/drives.ts`.
// Goal (issue 5): a plugged-in drive shows within 2 s, so one poll (drivelist) and one description
// of the list (USB identities and verdicts) must together cost well under 1 s; the parsers of the
// macOS and Windows outputs are timed on the recorded fixtures, scaled up to a busy machine.
import { performance } from 'node:perf_hooks';
import { list as listSystemDrives } from 'drivelist';
import { describeDevice } from '../../main/drives/device.js';
import { parseIoregTree, usbLookupForDisk } from '../../main/drives/guid/darwin.js';
import { parseDiskParents } from '../../main/drives/guid/win32.js';
import { listDrives } from '../../main/drives/list.js';
import { systemDisk } from '../fixtures/drives/host.js';
import { recorded } from '../fixtures/drives/recorded.js';

function line(label: string, value: string): void {
  console.log(`${label.padEnd(52)} ${value}`);
}

/** The median time of a task, in milliseconds, over a number of runs. */
async function medianMs(runs: number, work: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)] ?? NaN;
}

function ms(value: number): string {
  return `${value.toFixed(value < 1 ? 3 : 1)} ms`;
}

async function main(): Promise<void> {
  const drives = await listSystemDrives();
  line('drives on this machine', `${drives.length} (${drives.map((drive) => drive.device).join(', ')})`);
  line('drivelist.list(), one poll of the watcher', `median ${ms(await medianMs(20, listSystemDrives))} (20 runs)`);
  line('listDrives(): poll, USB identities, verdicts', `median ${ms(await medianMs(20, () => listDrives()))} (20 runs)`);
  const disk = systemDisk();
  line(`describeDevice(${disk}), the writer's re-check`, `median ${ms(await medianMs(50, () => describeDevice(disk)))} (50 runs)`);

  const ioreg = recorded('macos-ioreg-usb.txt');
  const lines = ioreg.split('\n').length;
  line(`parse ioreg USB tree (${lines} lines) and find disk4`, `median ${ms(await medianMs(200, () => usbLookupForDisk(parseIoregTree(ioreg), 'disk4')))}`);
  const busy = ioreg.repeat(20);
  line(`parse a busy Mac's tree (${busy.split('\n').length} lines)`, `median ${ms(await medianMs(50, () => usbLookupForDisk(parseIoregTree(busy), 'disk4')))}`);
  const windows = recorded('win32-disk-parents.json');
  line('parse the PowerShell list of 5 disks', `median ${ms(await medianMs(1000, () => parseDiskParents(windows)))}`);
}

await main();
