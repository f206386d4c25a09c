// Reads the few small text files the report needs (changes.txt, config files) and turns them into
// facts. A damaged file becomes a problem, not a failure; an oversized one is not read (entry-reader.ts).
import type { PrivacyNote } from '../../shared/backup-report.js';
import type { BackupProblem } from '../../shared/problems.js';
import type { Archive } from './archive.js';
import type { ChecklistFacts, WireguardTunnel } from './checklist.js';
import { BOOT_CONFIG_PATHS, type BootFileText } from './boot-names.js';
import { loginUsers, maskedValueCount, serverName, wifiNetworksWithPassword, wireguardBlanks } from './config-facts.js';
import { EntryReader, MAX_TEXT_BYTES } from './entry-reader.js';
import { baseName, type ItemIndex } from './item-index.js';
import { internalBootSigns, parseVersionLine } from './release.js';

export { MAX_TEXT_BYTES } from './entry-reader.js';

export interface ContentFacts {
  readonly osVersion: string | null;
  readonly releaseDate: string | null;
  readonly serverName: string | null;
  readonly checklist: ChecklistFacts;
  readonly privacy: PrivacyNote;
  /** The syslinux files whose append lines the kernel gets, as the backup has them. */
  readonly bootFiles: readonly BootFileText[];
}

export async function readContent(archive: Archive, index: ItemIndex): Promise<{ facts: ContentFacts; problems: BackupProblem[] }> {
  const reader = new EntryReader(archive);
  const changes = index.file('changes.txt');
  const release = changes ? parseVersionLine((await reader.firstLine(changes)) ?? '') : undefined;
  const ident = await reader.text(index.file('config/ident.cfg'));
  const passwd = await reader.text(index.file('config/passwd'));

  const wireguard: WireguardTunnel[] = [];
  for (const conf of index.filesIn('config/wireguard', '.conf')) {
    const text = await reader.text(conf);
    if (text !== undefined) wireguard.push({ name: baseName(conf.path).replace(/\.conf$/i, ''), blanks: wireguardBlanks(text) });
  }
  let templatesWithMaskedValues = 0;
  let maskedValues = 0;
  for (const template of index.filesIn('config/plugins/dockerMan/templates-user', '.xml')) {
    const count = maskedValueCount((await reader.text(template)) ?? '');
    maskedValues += count;
    if (count > 0) templatesWithMaskedValues++;
  }

  const bootFiles: BootFileText[] = [];
  for (const path of BOOT_CONFIG_PATHS) {
    // Latin-1 maps every byte to one character and back, so an edit keeps each other byte as it was.
    const item = index.file(path);
    const bytes = item && (await reader.bytes(item, MAX_TEXT_BYTES));
    if (item && bytes) bootFiles.push({ path: item.path, text: bytes.toString('latin1') });
  }
  const wireless = await reader.text(index.file('config/wireless.cfg'));

  const facts: ContentFacts = {
    osVersion: release?.version ?? null,
    releaseDate: release?.date ?? null,
    serverName: ident === undefined ? null : serverName(ident),
    checklist: {
      hasShadow: index.file('config/shadow') !== undefined,
      users: passwd === undefined ? [] : loginUsers(passwd),
      wireguard,
      plugins: index.filesIn('config/plugins', '.plg').map((item) => baseName(item.path).replace(/\.plg$/i, '')),
      keyFiles: index.filesIn('config', '.key').map((item) => baseName(item.path)),
      osVersion: release?.version ?? null,
      wifiNetworks: wireless === undefined ? undefined : wifiNetworksWithPassword(wireless),
      hasMachineId: index.file('config/machine-id') !== undefined,
      hasSafeModeGo: index.file('config/go.safemode') !== undefined,
      internalBoot: internalBootSigns(index, 0),
    },
    privacy: { templatesWithMaskedValues, maskedValues },
    bootFiles,
  };
  return { facts, problems: reader.problems };
}
