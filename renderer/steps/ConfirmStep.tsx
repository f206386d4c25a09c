// Step 4: the last look before anything is erased. Names the drive (volumes, size, GUID, device,
// what its check found) and what will go on it; a drive with a warning must be confirmed by typing its name.
import type { DriveCheck, DriveRow, OpenedBackup } from '../../shared/ipc.js';
import { StepHeading } from '../components/StepHeading.js';
import { useWords } from '../i18n/format.js';
import { EraseConfirmation } from './EraseConfirmation.js';
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
  const { t } = useWords();
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

      <EraseConfirmation drive={drive} inputId="confirm-name" blocked={blocked} starting={starting} error={error} label={t('confirm.write')} onBack={onBack} onErase={onWrite} />
    </section>
  );
}
