// The system notification at the end of a long write (the user has likely gone to do something
// else): whether to show one, and what it says. Pure, so it is tested without Electron.
import type { WriteOutcome } from '../../shared/ipc.js';
import { formatMessages } from '../../shared/message.js';

/** Writes shorter than this end while the user is still looking. */
export const LONG_WRITE_SECONDS = 30;

export function writeNotice(outcome: WriteOutcome, seconds: number, windowFocused: boolean): { title: string; body: string } | undefined {
  if (seconds < LONG_WRITE_SECONDS && windowFocused) return undefined;
  switch (outcome.result) {
    case 'success':
      return { title: 'The new flash drive is ready', body: `${outcome.drive.description} is written and verified. Open Flash Creator for what to do after the first boot.` };
    case 'failed':
      return { title: 'The flash drive was not written', body: `${outcome.drive.description}: ${formatMessages(outcome.sentences)}` };
    case 'cancelled':
      return undefined;
  }
}
