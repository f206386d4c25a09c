// What a roll back means for one pair of releases, from Unraid's own rules: the refusal of 7.3 and
// later to go back to 7.2.6 or earlier (REFERENCE §10), what the update plugin and Downgrade leave
// (emhttp/plugins/unRAIDServer/unRAIDServer.plg: previous/ holds one release, its bz files,
// changes.txt and the like, flat; Downgrade.php moves it back and previous/ is then empty), what
// sbin/upgrade changes in config/ one way only (the 6.9 multi-pool move of the cache settings out
// of disk.cfg, kept as disk.cfg.bak), ZFS pools (6.12), ReiserFS (7.3 refuses to update while a
// disk uses it, and no longer mounts it), and plugins built for one release or its kernel (the
// update plugin's Plugin-Update-Helper for driver plugins). Pure: two versions in, items out.
import { message, type AnyMessage } from '../../shared/message.js';
import { compareVersions, rollbackRefusal } from './diagnosis.js';

export interface RollbackChecklist {
  /** Why Unraid refuses this roll back; null when it allows it. */
  readonly refusal: AnyMessage | null;
  /** What the owner should know or do, in order; empty when refused. */
  readonly items: readonly AnyMessage[];
}

/** The checklist for rolling back from the running release `from` to `to`, the one in previous/. */
export function rollbackChecklist(from: string | null, to: string | null): RollbackChecklist {
  if (from === null || to === null) return { refusal: null, items: [message('repair.rollback-versions-unknown')] };
  const refusal = rollbackRefusal(from, to);
  if (refusal) return { refusal, items: [] };
  if (compareVersions(to, from) >= 0) return { refusal: null, items: [message('repair.rollback-not-older', { from, to })] };
  const crosses = (version: string): boolean => compareVersions(from, version) >= 0 && compareVersions(to, version) < 0;
  const pair = { from, to };
  return {
    refusal: null,
    items: [
      ...(crosses('7.3.0') ? [message('repair.rollback-licence-7-3', pair), message('repair.rollback-reiserfs', pair)] : []),
      ...(crosses('6.12.0') ? [message('repair.rollback-zfs', pair)] : compareVersions(to, '6.12.0') >= 0 ? [message('repair.rollback-zfs-features', pair)] : []),
      ...(crosses('6.9.0') ? [message('repair.rollback-pools', pair)] : []),
      message('repair.rollback-plugins', pair),
      message('repair.rollback-driver-plugins', pair),
      message('repair.rollback-settings', pair),
      message('repair.rollback-way-back', pair),
    ],
  };
}
