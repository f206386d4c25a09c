// Where a back-up's zip goes while it is made. A back-up may take several passes (a file found
// unreadable starts the zip again without it), so a destination hands out a fresh, empty zip for
// each pass, keeps the last one, or drops them all. The file destination writes beside the final
// name and renames when complete, so a cancel or a failure never leaves a half zip that looks
// whole; the privileged writer's destination sends the bytes back over its channel instead
// (writer/zip-channel.ts), so root never creates a file at a path the user can change.
import { randomBytes } from 'node:crypto';
import { constants, createWriteStream, lstatSync, openSync, renameSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { asCaller, type Caller } from '../system/caller.js';

export interface BackupDestination {
  /** A fresh, empty zip for the next pass; whatever an earlier pass wrote is dropped. */
  begin(): Promise<Writable>;
  /** The last pass, written through and ended, is the back-up. */
  keep(): Promise<void>;
  /** Nothing of a pass that was not kept is left. Called at the end of every back-up, kept or not. */
  discard(): Promise<void>;
}

/** Told of every file that holds a zip not yet kept, so that one a crash leaves behind can be removed later. */
export interface PathTracker {
  track(path: string): void;
  forget(path: string): void;
}

/** The zip's mode: a back-up holds password hashes and keys, for its owner's eyes only. */
const ZIP_MODE = 0o600;
// O_EXCL: a name that exists (a file, or a link planted there) is never opened; O_NOFOLLOW for
// systems that would follow a link even so.
const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/**
 * A zip file at `path`, written under temporary names beside it (`.<name>.<random>.<pass>.partial`).
 * With a caller (root working for a user), every name is created, renamed and removed with that
 * user's rights; the bytes go through the descriptor opened then.
 */
export function fileDestination(path: string, options: { readonly caller?: Caller; readonly tracker?: PathTracker } = {}): BackupDestination & { occupied(): boolean } {
  const stem = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}`);
  const { caller, tracker } = options;
  const temporaries: string[] = [];
  let current: Writable | undefined;
  const closeCurrent = async (): Promise<void> => {
    if (!current) return;
    const stream = current;
    current = undefined;
    if (!stream.writableFinished) stream.destroy();
    await finished(stream).catch(() => undefined);
  };
  return {
    occupied: () => asCaller(caller, () => exists(path)),
    async begin() {
      await closeCurrent();
      const temporary = `${stem}.${temporaries.length + 1}.partial`;
      tracker?.track(temporary);
      const fd = asCaller(caller, () => openSync(temporary, CREATE_FLAGS, ZIP_MODE));
      temporaries.push(temporary);
      current = createWriteStream(temporary, { fd });
      return current;
    },
    async keep() {
      const last = temporaries.at(-1);
      if (!last) throw new Error('no zip was written');
      await closeCurrent();
      asCaller(caller, () => renameSync(last, path));
      // Only once it has its name: a rename that failed leaves it for discard() to remove.
      temporaries.pop();
      tracker?.forget(last);
    },
    async discard() {
      await closeCurrent();
      // Only names this destination created: a name swapped for a link loses the link, not its target.
      for (const temporary of temporaries.splice(0)) {
        asCaller(caller, () => removeIfThere(temporary));
        tracker?.forget(temporary);
      }
    },
  };
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function removeIfThere(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

