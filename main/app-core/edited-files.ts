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
import { IDENT_CFG, NETWORK_CFG, withNetworkSettings, withServerName, type ConfigFileText, type EditableConfigPath } from './config-edits.js';
import { dosDateTime } from '../../shared/dos-time.js';

/** The settings the user changed; the ones left out stay as the backup has them. */
export interface ConfigChanges {
  readonly serverName?: string;
  readonly network?: NetworkSettings;
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
export async function changedConfigFiles(backup: Pick<Backup, 'items' | 'archive'>, changes: ConfigChanges): Promise<ConfigFileText[]> {
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
  return files;
}

/** The files at the paths the backup has them (FAT ignores case: a CONFIG/IDENT.CFG is replaced, not doubled). */
export function editedFiles(items: readonly RestoreItem[], files: readonly ConfigFileText[]): EditedFile[] {
  const index = new ItemIndex(items);
  return files.map(({ path, text }) => {
    const item = index.file(path);
    if (!item) throw new ConfigEditError(`${path} cannot be changed: the backup has no such file.`);
    return { path: item.path, bytes: Buffer.from(text, 'utf8') };
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
