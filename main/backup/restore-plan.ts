// Turns the zip's entries into the list of folders and files to create on the drive: parents before
// children, folders the zip only implies added, and names FAT cannot hold or tell apart refused.
import { makeProblem, type BackupProblem } from '../../shared/problems.js';
import type { ArchiveEntry } from './archive.js';
import { fatNameKey, fatNameProblem } from './fat-names.js';
import type { RestoreItem } from './restore-item.js';
import { message } from '../../shared/message.js';

/** A file or folder entry that passed the entry checks, with its path on the drive. */
export interface Candidate {
  readonly entry: ArchiveEntry;
  readonly path: string;
}

export interface RestorePlan {
  readonly items: RestoreItem[];
  /** Entries refused here; they have no item. */
  readonly problems: BackupProblem[];
}

/** The case-insensitive key FAT compares a whole path by. */
export function fatPathKey(path: string): string {
  return path.split('/').map(fatNameKey).join('/');
}

export function planRestore(candidates: readonly Candidate[]): RestorePlan {
  const plan = new PlanBuilder();
  for (const candidate of candidates) plan.add(candidate);
  return { items: plan.items, problems: plan.problems };
}

class PlanBuilder {
  readonly items: RestoreItem[] = [];
  readonly problems: BackupProblem[] = [];
  private readonly indexByPath = new Map<string, number>();
  private readonly pathByKey = new Map<string, string>();

  add({ entry, path }: Candidate): void {
    if (path === '') return; // the top folder itself: it becomes the drive's root
    const components = path.split('/');
    const badName = components.map(fatNameProblem).find((reason) => reason !== undefined);
    if (badName) {
      this.problems.push(makeProblem('invalid-fat-name', entry.name, badName));
      return;
    }
    // Each parent first (implied unless listed), then the entry itself; keys grow with the path.
    let prefix = '';
    let key = '';
    for (const [depth, component] of components.entries()) {
      prefix = depth === 0 ? component : `${prefix}/${component}`;
      key = depth === 0 ? fatNameKey(component) : `${key}/${fatNameKey(component)}`;
      const explicit = depth === components.length - 1;
      const kind = explicit && entry.kind !== 'directory' ? 'file' : 'directory';
      const clash = this.claim(prefix, key, kind, entry, explicit);
      if (clash) {
        this.problems.push(clash);
        return;
      }
    }
  }

  /** Makes room for one path, explicit (the entry itself) or implied (a parent of it); a problem if it clashes. */
  private claim(path: string, key: string, kind: RestoreItem['kind'], entry: ArchiveEntry, explicit: boolean): BackupProblem | undefined {
    const index = this.indexByPath.get(path);
    if (index !== undefined) {
      const existing = this.items[index] as RestoreItem;
      if (existing.kind !== kind) return makeProblem('duplicate-name', entry.name, message('problem.detail.file-and-folder', { path }));
      if (kind === 'file') return makeProblem('duplicate-name', entry.name);
      // A folder seen again (listed twice, or listed after the files in it) is harmless; the listed one wins.
      if (explicit && !existing.entry) this.items[index] = item(path, kind, entry);
      return undefined;
    }
    const sameOnFat = this.pathByKey.get(key);
    if (sameOnFat !== undefined) return makeProblem('fat-name-collision', entry.name, sameOnFat, path);
    this.indexByPath.set(path, this.items.length);
    this.pathByKey.set(key, path);
    this.items.push(explicit ? item(path, kind, entry) : implied(path, entry));
    return undefined;
  }
}

function item(path: string, kind: RestoreItem['kind'], entry: ArchiveEntry): RestoreItem {
  const size = kind === 'file' ? entry.uncompressedSize : 0;
  return { path, kind, size, dosDate: entry.dosDate, dosTime: entry.dosTime, entry };
}

/** A folder the zip does not list but a path inside it needs; it takes the date of that first entry. */
function implied(path: string, child: ArchiveEntry): RestoreItem {
  return { path, kind: 'directory', size: 0, dosDate: child.dosDate, dosTime: child.dosTime };
}
