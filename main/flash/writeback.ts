// Keeps the disk busy while the content is still being made. Without it, the system holds what
// was written in its cache (a whole image file, or everything a loop device or a drive with a
// write cache took) and writes it out only at the final flush, after the unpacking is done; a
// sync started in the background every so often overlaps the two. One sync runs at a time.

// Restoring 500 MB to an image file, alternating runs: every 16 MiB took 0.9–1.36 s where every
// 64 MiB took 0.86–2.0 s (faster in 9 of 12 pairs); every 8 MiB was no faster than 16.
const SYNC_EVERY_BYTES = 16 * 1024 * 1024;

export interface Writeback {
  /** Counts bytes written; starts a background sync once enough have gathered since the last. */
  wrote(bytes: number): void;
  /** Waits for the background sync, reports its failure, then syncs what is left. */
  flush(): Promise<void>;
  /** Waits for the background sync without reporting anything: before closing, after a failure. */
  settle(): Promise<void>;
}

export function backgroundWriteback(sync: () => Promise<void>, everyBytes = SYNC_EVERY_BYTES): Writeback {
  let unsynced = 0;
  let running: Promise<void> | undefined;
  let failure: { error: unknown } | undefined;
  return {
    wrote(bytes) {
      unsynced += bytes;
      if (unsynced < everyBytes || running) return;
      unsynced = 0;
      running = sync().then(
        () => {
          running = undefined;
        },
        (error: unknown) => {
          failure ??= { error };
          running = undefined;
        },
      );
    },
    async flush() {
      await running;
      if (failure) throw failure.error;
      unsynced = 0;
      await sync();
    },
    async settle() {
      await running;
    },
  };
}
