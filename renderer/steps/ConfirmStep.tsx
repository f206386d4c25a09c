// Step 4: the last look before anything is erased. Names the drive (size, GUID, device) and what
// will go on it; a drive with a warning must be confirmed by typing its name.
import { useState } from 'react';
import { confirmsDrive, driveNameToType, type DriveRow, type OpenedBackup } from '../../shared/ipc.js';
import { Actions } from '../components/Actions.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { StepHeading } from '../components/StepHeading.js';
import { TextList } from '../components/TextList.js';
import { useWords } from '../i18n/format.js';

export interface ConfirmStepProps {
  readonly backup: OpenedBackup;
  readonly drive: DriveRow;
  /** The Options step's changes in words; empty when the backup's settings are kept. */
  readonly changes: readonly string[];
  readonly starting: boolean;
  readonly error: string | null;
  readonly onBack: () => void;
  readonly onWrite: (confirmation: string | undefined) => void;
}

export function ConfirmStep({ backup, drive, changes, starting, error, onBack, onWrite }: ConfirmStepProps) {
  const { t, format, word } = useWords();
  const [typed, setTyped] = useState('');
  const needsName = drive.verdict === 'warning';
  const confirmed = !needsName || confirmsDrive(typed, drive);
  const { report } = backup;
  return (
    <section aria-labelledby="confirm-heading" className="step">
      <StepHeading intro={t('confirm.intro')}>
        <span id="confirm-heading">{t('confirm.heading')}</span>
      </StepHeading>

      <div className="card target">
        <p className="drive-name big">{drive.description}</p>
        <dl className="facts">
          <dt>{t('confirm.size')}</dt>
          <dd>{format.bytes(drive.size ?? 0)}</dd>
          <dt>{t('confirm.guid')}</dt>
          <dd>{drive.guid ?? t('confirm.noGuid', { reason: word(drive.noGuidReason) })}</dd>
          <dt>{t('confirm.device')}</dt>
          <dd>{drive.device}</dd>
        </dl>
        <p className="danger">{t('confirm.erased')}</p>
      </div>

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

      <Actions back={onBack}>
        <button type="button" className="danger" disabled={!confirmed || starting} onClick={() => onWrite(needsName ? typed : undefined)}>
          {starting ? t('confirm.starting') : t('confirm.write')}
        </button>
      </Actions>
    </section>
  );
}
