// The copy's last look before the new drive is erased: both drives with their GUIDs, what the
// licence needs (Replace Key), and, for a new drive with a warning, its name typed by the user.
import type { DriveCheck, DriveRow } from '../../shared/ipc.js';
import { StepHeading } from '../components/StepHeading.js';
import { useWords } from '../i18n/format.js';
import { EraseConfirmation } from '../steps/EraseConfirmation.js';
import { DriveOnConfirm } from '../steps/DriveOnConfirm.js';
import { flashText } from './SourceStep.js';

export interface CopyConfirmStepProps {
  readonly source: DriveRow;
  readonly target: DriveRow;
  /** The new drive's check on the drive step; undefined when it was skipped. */
  readonly check?: DriveCheck | undefined;
  /** Why the new drive may not be written (its check's verdict); null when it may. */
  readonly blocked?: string | null;
  /** The files the old flash cannot give, when the owner chose to copy without them. */
  readonly withoutMissing?: readonly string[] | null;
  readonly starting: boolean;
  readonly error: string | null;
  readonly onBack: () => void;
  readonly onCopy: (confirmation: string | undefined) => void;
}

export function CopyConfirmStep({ source, target, check, blocked = null, withoutMissing = null, starting, error, onBack, onCopy }: CopyConfirmStepProps) {
  const { t, word, format } = useWords();
  const guid = (drive: DriveRow) => drive.guid ?? t('confirm.noGuid', { reason: word(drive.noGuidReason) });
  return (
    <section aria-labelledby="copy-confirm-heading" className="step">
      <StepHeading intro={t('jobs.confirm.intro')}>
        <span id="copy-confirm-heading">{t('jobs.confirm.heading')}</span>
      </StepHeading>

      <div className="card">
        <h2>{t('jobs.confirm.from')}</h2>
        <p className="drive-name big">{source.description}</p>
        <dl className="facts">
          <dt>{t('confirm.server')}</dt>
          <dd>
            {source.flash?.state === 'unraid'
              ? t('confirm.serverOs', { server: source.flash.server ?? t('confirm.unnamed'), version: source.flash.version ?? t('confirm.unknownVersion') })
              : flashText(t, source.flash)}
          </dd>
          <dt>{t('confirm.guid')}</dt>
          <dd>{guid(source)}</dd>
          <dt>{t('confirm.device')}</dt>
          <dd>{source.device}</dd>
        </dl>
        <p>{t('jobs.confirm.onlyRead')}</p>
        {withoutMissing && <p className="strong">{t('jobs.copyDone.withoutMissingNote', { files: format.list(withoutMissing) })}</p>}
      </div>

      <DriveOnConfirm drive={target} check={check} heading={t('jobs.confirm.to')} />

      <div className="card">
        <p>{target.guid ? t('jobs.confirm.licence') : t('jobs.confirm.licenceNoGuid')}</p>
      </div>

      <EraseConfirmation drive={target} inputId="copy-confirm-name" blocked={blocked} starting={starting} error={error} label={t('jobs.confirm.copy')} onBack={onBack} onErase={onCopy} />
    </section>
  );
}
