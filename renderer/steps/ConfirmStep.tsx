// Step 4: the last look before anything is erased. Names the drive (volumes, size, GUID, device,
// what its check found) and what will go on it; a drive with a warning must be confirmed by typing its name.
import { useState } from 'react';
import { confirmsDrive, driveNameToType, type DriveCheck, type DriveRow, type OpenedBackup } from '../../shared/ipc.js';
import { Actions, WHY_ID } from '../components/Actions.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { StepHeading } from '../components/StepHeading.js';
import { TextList } from '../components/TextList.js';
import { useWords } from '../i18n/format.js';
import { DriveOnConfirm } from './DriveOnConfirm.js';

export interface ConfirmStepProps {
  readonly backup: OpenedBackup;
  readonly drive: DriveRow;
  /** The drive's check on the Drive step; undefined when it was skipped. */
  readonly check?: DriveCheck | undefined;
  /** Why the drive may not be written (the check's verdict); null when it may. */
  readonly blocked?: string | null;
  /** The Options step's changes in words; empty when the backup's settings are kept. */
  readonly changes: readonly string[];
  readonly starting: boolean;
  readonly error: string | null;
  readonly onBack: () => void;
  readonly onWrite: (confirmation: string | undefined) => void;
}

export function ConfirmStep({ backup, drive, check, blocked = null, changes, starting, error, onBack, onWrite }: ConfirmStepProps) {
  const { t, word } = useWords();
  const [typed, setTyped] = useState('');
  const needsName = drive.verdict === 'warning';
  const confirmed = !needsName || confirmsDrive(typed, drive);
  const { report } = backup;
  return (
    <section aria-labelledby="confirm-heading" className="step">
      <StepHeading intro={t('confirm.intro')}>
        <span id="confirm-heading">{t('confirm.heading')}</span>
      </StepHeading>

      <DriveOnConfirm drive={drive} check={check} />

      <div className="card">
        <dl className="facts">
          <dt>{t('confirm.backup')}</dt>
          <dd>{report.zipName}</dd>
          <dt>{t('confirm.server')}</dt>
          <dd>{t('confirm.serverOs', { server: report.serverName ?? t('confirm.unnamed'), version: report.osVersion ?? t('confirm.unknownVersion') })}</dd>
          <dt>{t('confirm.settings')}</dt>
          <dd>{changes.length === 0 ? t('confirm.asInBackup') : changes.join(t('options.changeSeparator'))}</dd>
        </dl>
      </div>

      {needsName && (
        <div className="card warning">
          <p>{t('confirm.warning')}</p>
          <TextList items={drive.reasons.map((reason) => word(reason.message))} />
          <label htmlFor="confirm-name">
            {t('confirm.typeName')} <strong>{driveNameToType(drive)}</strong>
          </label>
          <input id="confirm-name" type="text" value={typed} autoComplete="off" spellCheck={false} onChange={(event) => setTyped(event.target.value)} />
        </div>
      )}

      <ErrorMessage message={error} />

      <Actions back={onBack} why={blocked ?? (confirmed ? null : t('confirm.whyType'))}>
        <button type="button" className="danger" disabled={!confirmed || starting || blocked !== null} aria-describedby={blocked !== null || !confirmed ? WHY_ID : undefined} onClick={() => onWrite(needsName ? typed : undefined)}>
          {starting ? t('confirm.starting') : t('confirm.write')}
        </button>
      </Actions>
    </section>
  );
}
