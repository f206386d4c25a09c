// The foot of every step that erases a drive (the restore's, the copy's and the install's Confirm):
// for a drive with a warning (or a repair's stick, erased though it is the same one), why, and its name typed by the user; the request's error; and the
// danger button, closed with the reason while the drive's check blocks it or the name is not typed.
import { useState } from 'react';
import { confirmsDrive, driveNameToType, type DriveRow } from '../../shared/ipc.js';
import { Actions, WHY_ID } from '../components/Actions.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { TextList } from '../components/TextList.js';
import { useWords } from '../i18n/format.js';

export interface EraseConfirmationProps {
  readonly drive: DriveRow;
  /** The name field's id (unique on the page). */
  readonly inputId: string;
  /** Why the drive may not be written (its check's verdict); null when it may. */
  readonly blocked: string | null;
  readonly starting: boolean;
  readonly error: string | null;
  /** The danger button's label ("Erase and write"). */
  readonly label: string;
  readonly onBack: () => void;
  /** With the name as typed, when the drive needed it. */
  readonly onErase: (confirmation: string | undefined) => void;
  /** Why the name is typed for a drive without a warning (a repair erases the very stick it saved); only a drive with a warning asks otherwise. */
  readonly typeNameBecause?: string;
}

export function EraseConfirmation({ drive, inputId, blocked, starting, error, label, onBack, onErase, typeNameBecause }: EraseConfirmationProps) {
  const { t, word } = useWords();
  const [typed, setTyped] = useState('');
  const needsName = drive.verdict === 'warning' || typeNameBecause !== undefined;
  const confirmed = !needsName || confirmsDrive(typed, drive);
  return (
    <>
      {needsName && (
        <div className="card warning">
          {drive.verdict === 'warning' && (
            <>
              <p>{t('confirm.warning')}</p>
              <TextList items={drive.reasons.map((reason) => word(reason.message))} />
            </>
          )}
          {typeNameBecause !== undefined && <p>{typeNameBecause}</p>}
          <label htmlFor={inputId}>
            {t('confirm.typeName')} <strong>{driveNameToType(drive)}</strong>
          </label>
          <input id={inputId} type="text" value={typed} autoComplete="off" spellCheck={false} onChange={(event) => setTyped(event.target.value)} />
        </div>
      )}

      <ErrorMessage message={error} />

      <Actions back={onBack} why={blocked ?? (confirmed ? null : t('confirm.whyType'))}>
        <button type="button" className="danger" disabled={!confirmed || starting || blocked !== null} aria-describedby={blocked !== null || !confirmed ? WHY_ID : undefined} onClick={() => onErase(needsName ? typed : undefined)}>
          {starting ? t('confirm.starting') : label}
        </button>
      </Actions>
    </>
  );
}
