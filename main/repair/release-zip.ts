// The bz files a release zip gives a repair: only from a zip of the flash's own version, and only
// files that match their .sha256 in that zip, so a repair never puts a file Unraid would refuse,
// or another release's, next to the flash's config/.
import { sha256FromChecksumFile } from '../backup/config-facts.js';
import { flashFacts } from '../backup-maker/flash-facts.js';
import { readBytes, type FlashFile } from '../backup-maker/flash-files.js';
import { message, type AnyMessage } from '../../shared/message.js';
import { sha256Of } from './flash-state.js';

const TEXT_LIMIT = 64 * 1024;

/** Each bad image and its .sha256 from the files of the release zip `zip` (its name, as the user knows it); the problem when they cannot be. */
export async function releaseReplacements(
  zip: string,
  files: readonly FlashFile[],
  flashVersion: string | null,
  badImages: readonly string[],
): Promise<{ readonly files: readonly FlashFile[] } | { readonly problem: AnyMessage }> {
  const find = (path: string): FlashFile | undefined => files.find((file) => file.kind === 'file' && file.path.toLowerCase() === path);
  const { version } = await flashFacts({ files, problems: [], layout: 'a zip' });
  if (version === null) return { problem: message('repair.release-not-release', { zip }) };
  if (flashVersion === null) return { problem: message('repair.release-version-unknown') };
  if (version !== flashVersion) return { problem: message('repair.release-other-version', { zip, version, flashVersion }) };
  const replacements: FlashFile[] = [];
  for (const name of badImages) {
    const image = find(name);
    const checksum = find(`${name}.sha256`);
    if (!image || !checksum) return { problem: message('repair.release-lacks', { zip, name: image ? `${name}.sha256` : name }) };
    const expected = sha256FromChecksumFile((await readBytes(checksum, TEXT_LIMIT)).toString('latin1'));
    if (expected !== (await sha256Of(image))) return { problem: message('repair.release-damaged', { zip, name }) };
    replacements.push(image, checksum);
  }
  return { files: replacements };
}
