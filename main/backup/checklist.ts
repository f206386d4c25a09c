// The post-restore checklist (REFERENCE §3): what the user will have to redo, from the backup's own
// content. Pure: the facts come from content.ts.
import type { ChecklistId, ChecklistSection } from '../../shared/backup-report.js';
import { message, type AnyMessage } from '../../shared/message.js';
import type { WireguardBlanks } from './config-facts.js';
import { isReleaseAtLeast } from './release.js';

export interface WireguardTunnel {
  /** The config's file name without .conf, e.g. "wg0". */
  readonly name: string;
  readonly blanks: WireguardBlanks;
}

export interface ChecklistFacts {
  /** config/shadow is in the backup (a local backup): the passwords come back with it. */
  readonly hasShadow: boolean;
  /** Login users from config/passwd. */
  readonly users: readonly string[];
  readonly wireguard: readonly WireguardTunnel[];
  /** Installed plugins, from config/plugins/*.plg. */
  readonly plugins: readonly string[];
  /** Licence key files, config/*.key. */
  readonly keyFiles: readonly string[];
  /** From changes.txt; null when unknown. */
  readonly osVersion: string | null;
  /** Networks config/wireless.cfg keeps a password for (its [SSID] sections); undefined when there is no such file. */
  readonly wifiNetworks: readonly string[] | undefined;
  readonly hasMachineId: boolean;
  readonly hasSafeModeGo: boolean;
  /** What shows internal boot set up (grub/grub.cfg, config/pools/boot.cfg), even beside a USB boot. */
  readonly internalBoot: readonly string[];
}

/** The sections that apply, most urgent first; a section with nothing to do is left out. */
export function buildChecklist(facts: ChecklistFacts): ChecklistSection[] {
  const sections: ChecklistSection[] = [];
  const add = (id: ChecklistId, items: readonly AnyMessage[]): void => {
    if (items.length > 0) sections.push({ id, items });
  };
  const names = (list: readonly string[]): AnyMessage[] => list.map((name) => message('checklist.item.name', { name }));
  // TPM licensing came with 7.3 (REFERENCE §10); before it every key is bound to the flash's GUID.
  const mayBeTpm = isReleaseAtLeast(facts.osVersion, 7, 3) ?? true;
  add(mayBeTpm ? 'license-tpm-or-flash' : 'license', names(facts.keyFiles));
  add('passwords', facts.hasShadow ? [] : names(facts.users));
  add('wireguard', facts.wireguard.filter(needsNewKeys).map(describeTunnel));
  add('wifi', names(facts.wifiNetworks === undefined ? [] : facts.wifiNetworks.length > 0 ? facts.wifiNetworks : ['config/wireless.cfg']));
  add('plugins', names(facts.plugins));
  add('machine-id', names(facts.hasMachineId ? ['config/machine-id'] : []));
  add('safe-mode-go', names(facts.hasSafeModeGo ? ['config/go.safemode'] : []));
  if (isReleaseAtLeast(facts.osVersion, 7, 3)) add('no-rollback', rollbackReasons(facts));
  add('flash-backup', [message('checklist.item.connect-flash-backup')]);
  return sections;
}

/** Why going back to 7.2 would hurt: internal boot, as the backup shows it, and TPM licensing, which it cannot show. */
function rollbackReasons(facts: ChecklistFacts): AnyMessage[] {
  const internal = facts.internalBoot.length > 0 ? [message('checklist.item.internal-boot', { where: facts.internalBoot.join(', ') })] : [];
  const tpm = facts.keyFiles.length > 0 ? [message('checklist.item.tpm-licensing')] : [];
  return [...internal, ...tpm];
}

function needsNewKeys({ blanks }: WireguardTunnel): boolean {
  return blanks.interfaceKeyBlank || blanks.peersWithBlankKeys > 0;
}

/** "wg0 (2 peers)": the tunnel and how many of its peers need new client configs. */
function describeTunnel({ name, blanks }: WireguardTunnel): AnyMessage {
  return blanks.peersWithBlankKeys > 0 ? message('checklist.item.tunnel-peers', { name, count: blanks.peersWithBlankKeys }) : message('checklist.item.name', { name });
}
