// The hot-plug watcher's diffing and scheduling, with an injected list function and vitest's fake
// clock. drivelist cannot stand in: it leaves out loop devices on Linux, and no USB stick can be
// plugged into this machine, so no real drive can appear or disappear here.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { POLL_INTERVAL_MS, watchDrives, type DriveWatcher } from '../../main/drives/watch.js';

interface FakeDrive {
  readonly device: string;
  readonly size: number;
  readonly mountpoints: readonly string[];
}

const internal: FakeDrive = { device: '/dev/sda', size: 500_107_862_016, mountpoints: ['/'] };
const stick: FakeDrive = { device: '/dev/sdb', size: 61_530_439_680, mountpoints: [] };

/** A list function that answers from a script of lists, one a poll (the last one repeats). */
function scripted(...lists: (readonly FakeDrive[] | Error)[]) {
  let calls = 0;
  const list = vi.fn(async () => {
    const next = lists[Math.min(calls++, lists.length - 1)];
    if (next instanceof Error) throw next;
    return next ?? [];
  });
  return list;
}

/** A list function whose answer waits until finish() is called. */
function hanging() {
  let answer: (drives: FakeDrive[]) => void = () => undefined;
  const list = vi.fn(() => new Promise<FakeDrive[]>((resolve) => (answer = resolve)));
  return { list, finish: (drives: FakeDrive[]) => answer(drives) };
}

let watcher: DriveWatcher | undefined;
const changes: (readonly FakeDrive[])[] = [];
const errors: unknown[] = [];

function watch(list: () => Promise<readonly FakeDrive[]>, onChange?: (drives: readonly FakeDrive[]) => Promise<void>) {
  watcher = watchDrives({
    list,
    onChange: onChange ?? ((drives) => void changes.push(drives)),
    onError: (error) => errors.push(error),
  });
}

/** Lets `polls` more polls run. */
async function pollsPass(polls: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS * polls);
}

beforeEach(() => {
  vi.useFakeTimers();
  changes.length = 0;
  errors.length = 0;
});

afterEach(() => {
  watcher?.stop();
  vi.useRealTimers();
});

describe('watchDrives', () => {
  it('reports the first list at once, and nothing more while it stays the same', async () => {
    const list = scripted([internal, stick]);
    watch(list);
    await pollsPass(0);
    expect(changes).toEqual([[internal, stick]]);
    await pollsPass(5);
    expect(list).toHaveBeenCalledTimes(6);
    expect(changes).toHaveLength(1);
  });

  it('reports a stick plugged in and pulled out, each once', async () => {
    watch(scripted([internal], [internal], [internal, stick], [internal, stick], [internal]));
    await pollsPass(6);
    expect(changes).toEqual([[internal], [internal, stick], [internal]]);
  });

  it("reports a change of a drive's properties, but not a change of the order drives are listed in", async () => {
    const mounted = { ...stick, mountpoints: ['/media/joe/UNRAID'] };
    watch(scripted([internal, stick], [stick, internal], [internal, mounted]));
    await pollsPass(3);
    expect(changes).toEqual([[internal, stick], [internal, mounted]]);
  });

  it('never starts a poll while the previous one is still running', async () => {
    const { list, finish } = hanging();
    watch(list);
    await pollsPass(10);
    expect(list).toHaveBeenCalledTimes(1);
    finish([stick]);
    await pollsPass(0);
    expect(list).toHaveBeenCalledTimes(1);
    await pollsPass(1);
    expect(list).toHaveBeenCalledTimes(2);
    expect(changes).toEqual([[stick]]);
  });

  it('waits for a slow change handler before it polls again', async () => {
    const list = scripted([stick]);
    let handled: () => void = () => undefined;
    watch(list, () => new Promise<void>((resolve) => (handled = resolve)));
    await pollsPass(10);
    expect(list).toHaveBeenCalledTimes(1);
    handled();
    await pollsPass(1);
    expect(list).toHaveBeenCalledTimes(2);
  });

  it('reports a failed poll and keeps polling; the list is reported again only if it changed', async () => {
    const unplugged = new Error('lsblk failed');
    watch(scripted([stick], unplugged, [stick], [internal]));
    await pollsPass(3);
    expect(errors).toEqual([unplugged]);
    expect(changes).toEqual([[stick], [internal]]);
  });

  it('reports a list again after its change handler failed', async () => {
    let failures = 1;
    watch(scripted([stick]), async (drives) => {
      if (failures-- > 0) throw new Error('describing failed');
      changes.push(drives);
    });
    await pollsPass(1);
    expect(errors).toHaveLength(1);
    expect(changes).toEqual([[stick]]);
  });

  it('stops polling, and drops the answer of a poll still running, once stopped', async () => {
    const { list, finish } = hanging();
    watch(list);
    watcher?.stop();
    finish([stick]);
    await pollsPass(5);
    expect(list).toHaveBeenCalledTimes(1);
    expect(changes).toEqual([]);
  });
});
