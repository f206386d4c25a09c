// Files that hold a flash's secrets only while a job runs: a copy's staged zip (a folder in the
// system's temporary folder) and a back-up's partial zips (beside the name the user chose). Each is
// written in a journal in the app's data folder for as long as it exists, so that after a crash, a
// kill or a power cut the next start removes what the job could not.
import { lstatSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import type { PathTracker } from '../backup-maker/zip-destination.js';

export class Leftovers implements PathTracker {
  private readonly paths = new Set<string>();

  constructor(
    /** The journal: a JSON list of paths, readable by this user alone. */
    private readonly journal: string,
  ) {}

  track(path: string): void {
    this.paths.add(path);
    this.save();
  }

  forget(path: string): void {
    if (this.paths.delete(path)) this.save();
  }

  /**
   * Removes what an earlier run of the app left behind and empties the journal; returns what was
   * removed. A path that is now a link loses the link, never what it points to.
   */
  removeLeftBehind(): string[] {
    const removed = journalPaths(this.journal).filter(removeIfThere);
    this.save();
    return removed;
  }

  private save(): void {
    writeFileSync(this.journal, JSON.stringify([...this.paths]), { mode: 0o600 });
  }
}

function journalPaths(journal: string): string[] {
  try {
    const paths: unknown = JSON.parse(readFileSync(journal, 'utf8'));
    return Array.isArray(paths) ? paths.filter((path): path is string => typeof path === 'string') : [];
  } catch {
    return [];
  }
}

function removeIfThere(path: string): boolean {
  let isFolder: boolean;
  try {
    isFolder = lstatSync(path).isDirectory();
  } catch {
    return false;
  }
  if (isFolder) rmSync(path, { recursive: true, force: true });
  else unlinkSync(path);
  return true;
}
