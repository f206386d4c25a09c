// The first line of every success: whether the stick may be pulled out now. Ejected: say so. Not
// ejected (the system would not, or it is not the app's to eject): eject it first, and why not.
// There is no eject request in the IPC contract, so no button: the system's own eject is the way.
import type { EjectResult } from '../../shared/drives.js';
import { useWords } from '../i18n/format.js';

export function EjectState({ eject, drive }: { eject: EjectResult | null; drive: string }) {
  const { t, word } = useWords();
  if (eject?.ejected === true) return <span className="eject-state ok">{t('done.ejected', { drive })}</span>;
  return <span className="eject-state warning">{eject ? t('done.eject', { drive, reason: word(eject.reason) }) : t('done.ejectFirst', { drive })}</span>;
}
