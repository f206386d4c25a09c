// A flash's state for a repair's diagnosis, read from its bytes (a drive, an image) the one way a
// flash is opened (flash-source.ts), read-only: the app's in-process reader and the privileged
// writer both read it so. The state is plain data: it crosses the writer's channel as it is.
import type { ByteSource } from '../fat/byte-source.js';
import { openFlash, type FlashReading, type FlashSummary } from '../backup-maker/flash-source.js';
import { readFlashState, type FlashState } from './flash-state.js';

export type FlashStateReading = Extract<FlashReading, { status: 'not-unraid' }> | { readonly status: 'unraid'; readonly flash: FlashSummary; readonly state: FlashState };

export async function readFlashStateOf(bytes: ByteSource): Promise<FlashStateReading> {
  const opened = await openFlash(bytes);
  if (opened.status !== 'unraid') return opened;
  const { fat } = opened.files;
  if (!fat) throw new Error('a drive is read through its FAT volume');
  return { status: 'unraid', flash: opened.flash, state: await readFlashState({ ...opened.files, fat }) };
}
