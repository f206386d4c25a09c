// The drive list as the renderer knows it: every drive gets an id that stays the same while it is
// plugged in, and a request may name only a drive of the latest list. The renderer never sees a
// request succeed for a path: a device is reachable only through the id main gave it.
import type { DriveSummary } from '../../shared/drives.js';
import type { DriveList, DriveRow } from '../../shared/ipc.js';
import type { ListedFlash } from '../../shared/flash-source.js';

export class DriveRegistry {
  private readonly idByDevice = new Map<string, string>();
  private latest: DriveList = { generation: 0, drives: [] };
  private nextId = 1;

  /** Takes a new listing; a drive seen before keeps its id. */
  update(drives: readonly (DriveSummary & { readonly flash: ListedFlash | null })[]): DriveList {
    const rows = drives.map((drive): DriveRow => ({ ...drive, id: this.idOf(drive.device) }));
    this.latest = { generation: this.latest.generation + 1, drives: rows };
    return this.latest;
  }

  get list(): DriveList {
    return this.latest;
  }

  /** The drive of the latest list with this id; undefined for an id it does not hold. */
  find(id: string): DriveRow | undefined {
    return this.latest.drives.find((drive) => drive.id === id);
  }

  private idOf(device: string): string {
    let id = this.idByDevice.get(device);
    if (id === undefined) {
      id = `drive-${this.nextId++}`;
      this.idByDevice.set(device, id);
    }
    return id;
  }
}
