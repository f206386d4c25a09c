import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { backgroundWriteback } from '../../main/flash/writeback.js';

/** A sync that records when it runs and finishes only when told to. */
function controlledSync(): { sync: () => Promise<void>; started: number; finishNext: (error?: Error) => void } {
  const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const control = {
    started: 0,
    sync: () => {
      control.started++;
      return new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
    },
    finishNext: (error?: Error) => {
      const next = pending.shift()!;
      if (error) next.reject(error);
      else next.resolve();
    },
  };
  return control;
}

describe('backgroundWriteback', () => {
  it('starts a sync once enough bytes gathered, and never two at a time', async () => {
    const control = controlledSync();
    const writeback = backgroundWriteback(control.sync, 100);
    writeback.wrote(60);
    expect(control.started).toBe(0);
    writeback.wrote(60);
    expect(control.started).toBe(1);
    writeback.wrote(500);
    expect(control.started).toBe(1);
    control.finishNext();
    await nextTurn();
    writeback.wrote(100);
    expect(control.started).toBe(2);
    control.finishNext();
  });

  it('flush waits for the background sync, then syncs the rest', async () => {
    const control = controlledSync();
    const writeback = backgroundWriteback(control.sync, 100);
    writeback.wrote(150);
    let flushed = false;
    const flush = writeback.flush().then(() => (flushed = true));
    await nextTurn();
    expect(control.started).toBe(1);
    control.finishNext();
    await nextTurn();
    expect(control.started).toBe(2);
    expect(flushed).toBe(false);
    control.finishNext();
    await flush;
    expect(flushed).toBe(true);
  });

  it('a background sync that failed fails the flush, with its own error', async () => {
    const control = controlledSync();
    const writeback = backgroundWriteback(control.sync, 100);
    writeback.wrote(100);
    control.finishNext(new Error('EIO: the disk went away'));
    await nextTurn();
    await expect(writeback.flush()).rejects.toThrow('EIO: the disk went away');
    expect(control.started).toBe(1);
  });

  it('settle waits for the background sync and reports nothing', async () => {
    const control = controlledSync();
    const writeback = backgroundWriteback(control.sync, 100);
    writeback.wrote(100);
    let settled = false;
    const settle = writeback.settle().then(() => (settled = true));
    await nextTurn();
    expect(settled).toBe(false);
    control.finishNext(new Error('EIO'));
    await settle;
    expect(settled).toBe(true);
  });
});
