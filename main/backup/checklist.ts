// The post-restore checklist (REFERENCE §3): what the user will have to redo, from the backup's own
// content. Pure: the facts come from content.ts.
import { CHECKLIST_TITLES, type ChecklistId, type ChecklistSection } from '../../shared/backup-report.js';
import { plural } from '../../shared/format.js';
import type { WireguardBlanks } from './config-facts.js';

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
}

/** The sections that apply, most urgent first; a section with nothing to do is left out. */
export function buildChecklist(facts: ChecklistFacts): ChecklistSection[] {
  const sections: ChecklistSection[] = [];
  const add = (id: ChecklistId, items: readonly string[]): void => {
    if (items.length > 0) sections.push({ id, title: CHECKLIST_TITLES[id], items });
  };
  add('license', facts.keyFiles);
  add('passwords', facts.hasShadow ? [] : facts.users);
  add('wireguard', facts.wireguard.filter(needsNewKeys).map(describeTunnel));
  add('plugins', facts.plugins);
  add('flash-backup', ['Unraid Connect flash backup']);
  return sections;
}

function needsNewKeys({ blanks }: WireguardTunnel): boolean {
  return blanks.interfaceKeyBlank || blanks.peersWithBlankKeys > 0;
}

/** "wg0 (2 peers)": the tunnel and how many of its peers need new client configs. */
function describeTunnel({ name, blanks }: WireguardTunnel): string {
  return blanks.peersWithBlankKeys > 0 ? `${name} (${plural(blanks.peersWithBlankKeys, 'peer')})` : name;
}
