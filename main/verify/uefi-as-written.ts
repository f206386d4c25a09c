// Which way a written drive boots on UEFI, read from its root: the backup's EFI folder under either name.
import { fatNameKey } from '../backup/fat-names.js';
import type { ByteSource } from '../fat/byte-source.js';
import { rootNames } from './verify-image.js';

/** Whether the drive was written with UEFI on (EFI) or off (EFI-): either name is the backup's folder. */
export async function uefiAsWritten(source: ByteSource): Promise<boolean | undefined> {
  const names = new Set((await rootNames(source)).map(fatNameKey));
  return names.has('EFI') || names.has('EFI-') ? names.has('EFI') : undefined;
}
