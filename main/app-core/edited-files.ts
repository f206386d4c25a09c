// The config files a write changes, from the user's settings to the drive: their new text (worked
// out where the backup is read, before any privileges are asked for), the generated files that
// replace the zip's copies in the layout, and what verify expects in their place. The in-process
// runner and the privileged writer both put the user's changes on a drive through here.
import { crc32 } from '../checksum/crc32.js';
import type { NetworkSettings } from '../../shared/ipc.js';
import { ItemIndex } from '../backup/item-index.js';
import type { Backup } from '../backup/read-backup.js';
import type { RestoreItem } from '../backup/restore-item.js';
import { ATTRIBUTE_ARCHIVE } from '../disk/fat32/directory-entries.js';
import type { GeneratedFile, LayoutRequest } from '../disk/layout.js';
import type { ExpectedItem } from '../verify/verify-image.js';
import { configText } from './backup-shelf.js';
import { BOOT_CONFIG_PATHS, withBootLabel } from '../backup/boot-names.js';
import { fatPathKey } from '../backup/restore-plan.js';
import { IDENT_CFG, NETWORK_CFG, textEncoding, withNetworkSettings, withServerName, type ConfigFileText, type EditableConfigPath } from './config-edits.js';
import { dosDateTime } from '../../shared/dos-time.js';

/** The settings the user changed; the ones left out stay as the backup has them. */
export interface ConfigChanges {
  readonly serverName?: string;
  readonly network?: NetworkSettings;
  /** The flash label for every append line of the syslinux files. */
  readonly bootLabel?: string;
}

/** A changed config file at the path the backup has it: it replaces the zip's copy on the drive. */
export interface EditedFile {
  readonly path: string;
  readonly bytes: Buffer;
}

/** A change the backup cannot take: it lacks the file to change. */
export class ConfigEditError extends Error {
  override name = 'ConfigEditError';
}

/** The new text of each file the changes touch; a value equal to the backup's own leaves its line, and so the file, as it was. */
export async function changedConfigFiles(backup: Pick<Backup, 'items' | 'archive' | 'bootFiles'>, changes: ConfigChanges): Promise<ConfigFileText[]> {
  const files: ConfigFileText[] = [];
  const change = async (path: EditableConfigPath, edit: (text: string) => string): Promise<void> => {
    const text = await configText(backup, path);
    if (text === undefined) throw new ConfigEditError(`${path} cannot be changed: the backup has no readable copy of it.`);
    const changed = edit(text);
    if (changed !== text) files.push({ path, text: changed });
  };
  const { serverName, network } = changes;
  if (serverName !== undefined) await change(IDENT_CFG, (text) => withServerName(text, serverName));
  if (network !== undefined) await change(NETWORK_CFG, (text) => withNetworkSettings(text, network));
  if (changes.bootLabel !== undefined) files.push(...labelledBootFiles(backup.bootFiles, changes.bootLabel));
  return files;
}

/** Every syslinux config whose append lines change for `label`, under the name the app edits it by. */
function labelledBootFiles(bootFiles: Backup['bootFiles'], label: string): ConfigFileText[] {
  if (!bootFiles.some((file) => /^[ \t]*append\b/im.test(file.text))) throw new ConfigEditError('The flash label cannot be changed: the backup has no syslinux append line to set it on.');
  return bootFiles.flatMap((file) => {
    const path = BOOT_CONFIG_PATHS.find((known) => fatPathKey(known) === fatPathKey(file.path));
    const text = withBootLabel(file.text, label);
    return path !== undefined && text !== file.text ? [{ path, text }] : [];
  });
}

/**
 * The files at the paths the drive gets them (FAT ignores case: a CONFIG/IDENT.CFG is replaced, not
 * doubled), among the items after the UEFI switch, which may have renamed EFI to EFI- or back.
 */
export function editedFiles(items: readonly RestoreItem[], files: readonly ConfigFileText[]): EditedFile[] {
  const index = new ItemIndex(items);
  return files.map(({ path, text }) => {
    const item = index.file(path) ?? index.file(path.replace(/^EFI-?\//i, (folder) => (folder.length === 4 ? 'EFI-/' : 'EFI/')));
    if (!item) throw new ConfigEditError(`${path} cannot be changed: the backup has no such file.`);
    return { path: item.path, bytes: Buffer.from(text, textEncoding(path)) };
  });
}

/** The layout request with the edited files in place of the zip's copies. */
export function withEditedFiles(request: LayoutRequest, edits: readonly EditedFile[]): LayoutRequest {
  return { ...request, generatedFiles: [...(request.generatedFiles ?? []), ...edits.map(generatedFile)] };
}

/** An edited file as the layout places it, stamped with the time of the write. */
function generatedFile(edit: EditedFile): GeneratedFile {
  return { path: edit.path, size: edit.bytes.length, attributes: ATTRIBUTE_ARCHIVE, ...dosDateTime(new Date()), content: () => edit.bytes };
}

/** What verify compares the drive with: the changed config files at their new content. */
export function withEdits(expected: readonly ExpectedItem[], edits: readonly EditedFile[]): ExpectedItem[] {
  const byPath = new Map(edits.map((edit) => [edit.path, edit]));
  return expected.map((item) => {
    const edit = byPath.get(item.path);
    return edit ? { path: item.path, kind: 'file', size: edit.bytes.length, entry: { crc32: crc32(edit.bytes) } } : item;
  });
}
