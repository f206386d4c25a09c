// Pure changes to the restore list before it is laid out.
import { fatNameKey } from '../backup/fat-names.js';
import type { RestoreItem } from '../backup/restore-item.js';
import { LayoutError } from './layout-error.js';
import { message } from '../../shared/message.js';

/**
 * The items with the top-level directory `from` (and everything in it) renamed to `to`; FAT ignores
 * case, so `efi-` matches `EFI-`. Unchanged when there is no such directory.
 */
export function renameTopLevelDirectory(items: readonly RestoreItem[], from: string, to: string): RestoreItem[] {
  const fromKey = fatNameKey(from);
  const topKey = (item: RestoreItem): string => fatNameKey(item.path.split('/', 1)[0]!);
  if (!items.some((item) => item.kind === 'directory' && topKey(item) === fromKey)) return [...items];
  const clash = items.find((item) => topKey(item) === fatNameKey(to));
  if (clash) throw new LayoutError('name-clash', message('layout.rename-clash', { from, to, existing: clash.path }), clash.path);
  return items.map((item) => {
    if (topKey(item) !== fromKey) return item;
    const slash = item.path.indexOf('/');
    return { ...item, path: slash < 0 ? to : `${to}${item.path.slice(slash)}` };
  });
}

/** The UEFI switch: the boot folder is `EFI` when UEFI is allowed, `EFI-` when it is turned off. */
export function withUefi(items: readonly RestoreItem[], enabled: boolean): RestoreItem[] {
  return enabled ? renameTopLevelDirectory(items, 'EFI-', 'EFI') : renameTopLevelDirectory(items, 'EFI', 'EFI-');
}
