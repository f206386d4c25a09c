// Whether a flash is an Unraid one, and the server name and version its backup is named after.
import { serverName } from '../backup/config-facts.js';
import { parseVersionLine } from '../backup/release.js';
import { readBytes, type FlashFile, type FlashFiles } from './flash-files.js';
import { message, textMessage, type AnyMessage } from '../../shared/message.js';

export const UNRAID_LABEL = 'UNRAID';
const SMALL_FILE_BYTES = 64 * 1024;

/** What the flash lacks to be an Unraid flash: its label, config/, a release. Empty when it is one. */
export function notUnraidBecause(flash: FlashFiles, options: { checkLabel: boolean }): AnyMessage[] {
  const reasons: AnyMessage[] = [];
  if (options.checkLabel && flash.label !== UNRAID_LABEL) {
    reasons.push(flash.label ? message('flash.reason.label', { label: flash.label, expected: UNRAID_LABEL }) : message('flash.reason.no-label', { expected: UNRAID_LABEL }));
  }
  if (find(flash, 'config')?.kind !== 'directory') reasons.push(message('flash.reason.no-config'));
  const release = ['bzimage', 'bzroot'].filter((name) => find(flash, name)?.kind !== 'file');
  if (release.length > 0) reasons.push(message('flash.reason.no-release', { files: release.map(textMessage) }));
  return reasons;
}

/** NAME from config/ident.cfg and the version from changes.txt's first line; null where unknown. */
export async function flashFacts(flash: FlashFiles): Promise<{ server: string | null; version: string | null }> {
  const ident = await smallText(find(flash, 'config/ident.cfg'));
  const changes = await smallText(find(flash, 'changes.txt'));
  return {
    server: ident === undefined ? null : serverName(ident),
    version: changes === undefined ? null : parseVersionLine(changes.split(/\r?\n/)[0] ?? '')?.version ?? null,
  };
}

/** Found as FAT finds names: without regard to case. */
function find(flash: FlashFiles, path: string): FlashFile | undefined {
  const key = path.toLowerCase();
  return flash.files.find((file) => file.path.toLowerCase() === key);
}

/** The first 64 KiB of a file as text; undefined when there is none or it cannot be read. */
async function smallText(file: FlashFile | undefined): Promise<string | undefined> {
  if (file?.kind !== 'file' || file.unreadable) return undefined;
  try {
    return (await readBytes(file, SMALL_FILE_BYTES)).toString('utf8');
  } catch {
    return undefined;
  }
}
