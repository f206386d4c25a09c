// The changed config files on the drive: the generated files that replace the zip's copies in the
// layout, and what verify expects in their place. The in-process runner and the privileged writer
// both put the user's changes on a drive through here; their new text is worked out where the
// backup is read, before any privileges are asked for (app-core/config-changes.ts).
import { crc32 } from '../checksum/crc32.js';
import { CREATABLE_CONFIG_FILES, textEncoding, type ConfigFileText } from '../backup/config-edits.js';
import { ItemIndex } from '../backup/item-index.js';
import type { RestoreItem } from '../backup/restore-item.js';
import { ATTRIBUTE_ARCHIVE } from '../disk/fat32/directory-entries.js';
import type { GeneratedFile, LayoutRequest } from '../disk/layout.js';
import type { ExpectedItem } from '../verify/verify-image.js';
import { dosDateTime } from '../../shared/dos-time.js';
import { formatMessage, message, type AnyMessage } from '../../shared/message.js';

/** A changed config file at the path the backup has it: it replaces the zip's copy on the drive. */
export interface EditedFile {
  readonly path: string;
  readonly bytes: Buffer;
  /** New on the drive: the zip has no copy for it to replace. */
  readonly created?: boolean;
}

/** A change the backup cannot take: it lacks the file to change. */
export class ConfigEditError extends Error {
  override name = 'ConfigEditError';

  constructor(readonly reason: AnyMessage) {
    super(formatMessage(reason));
  }
}

/**
 * The files at the paths the drive gets them (FAT ignores case: a CONFIG/IDENT.CFG is replaced, not
 * doubled), among the items after the UEFI switch, which may have renamed EFI to EFI- or back.
 */
export function editedFiles(items: readonly RestoreItem[], files: readonly ConfigFileText[]): EditedFile[] {
  const index = new ItemIndex(items);
  return files.map(({ path, text, create }) => {
    const item = index.file(path) ?? index.file(path.replace(/^EFI-?\//i, (folder) => (folder.length === 4 ? 'EFI-/' : 'EFI/')));
    const bytes = Buffer.from(text, textEncoding(path));
    if (item) return { path: item.path, bytes };
    const folder = index.find('config');
    if (!create || !CREATABLE_CONFIG_FILES.includes(path) || folder?.kind !== 'directory') throw new ConfigEditError(message('config.no-such-file', { path }));
    return { path: `${folder.path}/${path.slice('config/'.length)}`, bytes, created: true };
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

/** What verify compares the drive with: the changed config files at their new content, the created ones added. */
export function withEdits(expected: readonly ExpectedItem[], edits: readonly EditedFile[]): ExpectedItem[] {
  const byPath = new Map(edits.map((edit) => [edit.path, edit]));
  const changed = expected.map((item) => {
    const edit = byPath.get(item.path);
    return edit ? expectedFile(edit) : item;
  });
  return [...changed, ...edits.filter((edit) => edit.created).map(expectedFile)];
}

function expectedFile(edit: EditedFile): ExpectedItem {
  return { path: edit.path, kind: 'file', size: edit.bytes.length, entry: { crc32: crc32(edit.bytes) } };
}
