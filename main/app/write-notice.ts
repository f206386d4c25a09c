// The system notification at the end of a long write (the user has likely gone to do something
// else): whether to show one, and what it says, in the wizard's language. Pure, so it is tested
// without Electron. Why a write failed is the wizard's to say in full: the notice only points there.
import { DESKTOP_WORDS, withDrive, type DesktopLanguage } from '../../shared/desktop-words.js';
import type { WriteOutcome } from '../../shared/ipc.js';

/** Writes shorter than this end while the user is still looking. */
export const LONG_WRITE_SECONDS = 30;

export function writeNotice(outcome: WriteOutcome, seconds: number, windowFocused: boolean, language: DesktopLanguage): { title: string; body: string } | undefined {
  if (seconds < LONG_WRITE_SECONDS && windowFocused) return undefined;
  const words = DESKTOP_WORDS[language];
  switch (outcome.result) {
    case 'success':
      return { title: words.ready.title, body: withDrive(words.ready.body, outcome.drive.description) };
    case 'failed': {
      const unsafe = outcome.sentences.some((sentence) => sentence.code === 'failure.state.unknown');
      return { title: words.failed.title, body: withDrive(unsafe ? words.failed.unsafe : words.failed.body, outcome.drive.description) };
    }
    case 'cancelled':
      return undefined;
  }
}
