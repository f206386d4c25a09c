// A release zip as unraid.net offers it (REFERENCE §11), told apart from a backup, and the checklist
// for the new server it makes (issue 22, item 5). Pure: the facts come from the zip's index.
import type { ChecklistSection } from '../../shared/backup-report.js';
import { message } from '../../shared/message.js';
import { fatPathKey } from './restore-plan.js';
import type { ItemIndex } from './item-index.js';
import { isReleaseAtLeast } from './release.js';

/**
 * The files a release's own config/ holds: `go`, and in some releases a default `ident.cfg`
 * (NAME="Tower") and `network.cfg` (USE_DHCP="yes"). A server's config/ always has more (its disk
 * assignments, shares, a key), so a config/ with nothing else is a release's.
 */
export const RELEASE_CONFIG_FILES: readonly string[] = ['config/go', 'config/ident.cfg', 'config/network.cfg'];

/** Unraid's own name for a server that was never given one. */
export const DEFAULT_SERVER_NAME = 'Tower';

/** Whether the zip is a release: the kernel and root filesystem, and in config/ only the release's defaults. */
export function isPlainRelease(index: ItemIndex): boolean {
  if (!index.file('bzimage') || !index.file('bzroot')) return false;
  const defaults = new Set(RELEASE_CONFIG_FILES.map(fatPathKey));
  const config = `${fatPathKey('config')}/`;
  return index.items.every((item) => {
    const key = fatPathKey(item.path);
    // An empty folder holds no settings; any file beyond the defaults is a server's.
    return !key.startsWith(config) || item.kind === 'directory' || defaults.has(key);
  });
}

export interface NewServerFacts {
  /** The name the server will have (ident.cfg's NAME, or Unraid's default). */
  readonly serverName: string | null;
  /** The fixed IPv4 address the server gets; null with DHCP. */
  readonly address: string | null;
  /** From changes.txt; null when unknown. */
  readonly osVersion: string | null;
  /** The Wi-Fi network the server joins (config/wireless.cfg written), or null. */
  readonly wifiNetwork: string | null;
}

/** What to do on the new server after its first boot, in order. None of a restore's items apply. */
export function buildNewServerChecklist(facts: NewServerFacts): ChecklistSection[] {
  const name = facts.serverName ?? DEFAULT_SERVER_NAME;
  const addresses = [`http://${name.toLowerCase()}.local`, ...(facts.address ? [`http://${facts.address}`] : [])];
  const sections: ChecklistSection[] = [
    { id: 'new-open', items: addresses.map((address) => message('checklist.item.name', { name: address })) },
    { id: 'new-root-password', items: [message('checklist.item.name', { name: 'root' })] },
    { id: 'new-registration', items: [message('checklist.item.trial'), message('checklist.item.key')] },
    { id: 'new-array', items: [message('checklist.item.array')] },
  ];
  if (facts.wifiNetwork !== null) sections.push({ id: 'new-wifi', items: [message('checklist.item.name', { name: facts.wifiNetwork })] });
  // TPM licensing came with 7.3 (REFERENCE §10); an unknown version may be such a release too.
  if (isReleaseAtLeast(facts.osVersion, 7, 3) ?? true) sections.push({ id: 'new-tpm', items: [message('checklist.item.tpm-choice')] });
  sections.push({ id: 'new-flash-backup', items: [message('checklist.item.connect-flash-backup')] });
  return sections;
}
