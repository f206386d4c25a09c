// The bz files a release zip gives a repair: only from a zip of the flash's own version, and only
// files that match their .sha256 in that zip, so a repair never puts a file Unraid would refuse,
// or another release's, next to the flash's config/.
import { sha256FromChecksumFile } from '../backup/config-facts.js';
import { flashFacts } from '../backup-maker/flash-facts.js';
import { readBytes, type FlashFile } from '../backup-maker/flash-files.js';
import { sha256Of } from './flash-state.js';

const TEXT_LIMIT = 64 * 1024;

/** Each bad image and its .sha256 from the release zip's files; a problem (in English, for the CLI) when they cannot be. */
export async function releaseReplacements(
  files: readonly FlashFile[],
  flashVersion: string | null,
  badImages: readonly string[],
): Promise<{ readonly files: readonly FlashFile[] } | { readonly problem: string }> {
  const find = (path: string): FlashFile | undefined => files.find((file) => file.kind === 'file' && file.path.toLowerCase() === path);
  const { version } = await flashFacts({ files, problems: [], layout: 'a zip' });
  if (version === null) return { problem: 'it is not an Unraid release zip (no changes.txt with a version line).' };
  if (flashVersion === null) return { problem: `the flash's own version is unknown (no readable changes.txt), so a release zip cannot be matched to it.` };
  if (version !== flashVersion) return { problem: `it holds Unraid ${version}, and the flash runs ${flashVersion}: only the same version replaces its bz files (to change the release, use install).` };
  const replacements: FlashFile[] = [];
  for (const name of badImages) {
    const image = find(name);
    const checksum = find(`${name}.sha256`);
    if (!image || !checksum) return { problem: `it has no ${image ? `${name}.sha256` : name}.` };
    const expected = sha256FromChecksumFile((await readBytes(checksum, TEXT_LIMIT)).toString('latin1'));
    if (expected !== (await sha256Of(image))) return { problem: `its ${name} does not match its ${name}.sha256: the zip is damaged.` };
    replacements.push(image, checksum);
  }
  return { files: replacements };
}
