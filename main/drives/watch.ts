// Hot-plug: drivelist has no change events, so the list is polled, and a change is reported once,
// when the set of drives or any property of one changes. Polls never overlap: the next one is
// scheduled only after the previous poll and its change handler have finished.

export const POLL_INTERVAL_MS = 1000;

export interface WatchOptions<T extends { readonly device: string }> {
  readonly list: () => Promise<readonly T[]>;
  /** Called with the first list, then with every list that differs from the last one reported. */
  readonly onChange: (drives: readonly T[]) => void | Promise<void>;
  /** A failed poll (or handler); polling goes on, and the change is reported when a poll succeeds. */
  readonly onError: (error: unknown) => void;
  /** The pause between the end of one poll and the start of the next. */
  readonly intervalMs?: number;
}

export interface DriveWatcher {
  stop(): void;
}

export function watchDrives<T extends { readonly device: string }>(options: WatchOptions<T>): DriveWatcher {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let reported: string | undefined;

  const poll = async (): Promise<void> => {
    try {
      const drives = await options.list();
      const fingerprint = fingerprintOf(drives);
      if (!stopped && fingerprint !== reported) {
        await options.onChange(drives);
        reported = fingerprint;
      }
    } catch (error) {
      if (!stopped) options.onError(error);
    }
    if (!stopped) timer = setTimeout(() => void poll(), options.intervalMs ?? POLL_INTERVAL_MS);
  };

  void poll();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** Equal for equal lists whatever order the system lists the drives in. */
function fingerprintOf(drives: readonly { readonly device: string }[]): string {
  const sorted = [...drives].sort((a, b) => (a.device < b.device ? -1 : a.device > b.device ? 1 : 0));
  return JSON.stringify(sorted);
}
