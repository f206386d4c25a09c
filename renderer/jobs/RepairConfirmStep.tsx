// The repair's last look before the stick is erased: the flash (server, version, GUID), what the
// repair will do, where the zip of the flash as it is goes (the save dialog; saved and read back
// before anything is written), that the licence needs nothing, and the stick's name typed: it is
// erased and written anew, even though it is the same stick.
import type { BackupDestination, DriveRow, RepairDiagnosis } from '../../shared/ipc.js';
import { StepHeading } from '../components/StepHeading.js';
import { TextList } from '../components/TextList.js';
import { useWords } from '../i18n/format.js';
import { EraseConfirmation } from '../steps/EraseConfirmation.js';
import type { RepairSelection } from './repair.js';
import { flashText } from './SourceStep.js';

export interface RepairConfirmStepProps {
  readonly source: DriveRow;
  readonly diagnosis: RepairDiagnosis;
  readonly selection: RepairSelection;
  /** Where the bz files come from, as the owner knows it: the zip's name, or the list's. */
  readonly releaseName: string | null;
  readonly destination: BackupDestination | null;
  readonly busy: boolean;
  readonly error: string | null;
  readonly onChooseDestination: () => void;
  readonly onBack: () => void;
  readonly onRepair: (confirmation: string) => void;
}

export function RepairConfirmStep({ source, diagnosis, selection, releaseName, destination, busy, error, onChooseDestination, onBack, onRepair }: RepairConfirmStepProps) {
  const { t, format } = useWords();
  const changes = [
    ...(selection.rollback ? [t('repair.confirm.rollback', { version: diagnosis.rollbackVersion ?? '' })] : []),
    ...(!selection.rollback && releaseName !== null ? [t('repair.confirm.release', { files: format.list(diagnosis.badImages), name: releaseName })] : []),
    selection.uefi ? t('repair.confirm.uefiOn') : t('repair.confirm.uefiOff'),
    ...(diagnosis.unreadable.length > 0 ? [t('repair.confirm.without', { count: diagnosis.unreadable.length, files: format.list(diagnosis.unreadable) })] : []),
  ];
  return (
    <section aria-labelledby="repair-confirm-heading" className="step">
      <StepHeading intro={t('repair.confirm.intro')}>
        <span id="repair-confirm-heading">{t('repair.confirm.heading')}</span>
      </StepHeading>

      <div className="card">
        <p className="drive-name big">{source.description}</p>
        <dl className="facts">
          <dt>{t('confirm.server')}</dt>
          <dd>{flashText(t, source.flash)}</dd>
          <dt>{t('confirm.guid')}</dt>
          <dd>{source.guid ?? t('drive.noGuid')}</dd>
          <dt>{t('confirm.device')}</dt>
          <dd>{source.device}</dd>
        </dl>
        <h2>{t('repair.confirm.what')}</h2>
        <p>{t('repair.confirm.rewrite')}</p>
        <TextList items={changes} />
        <p>{t('repair.confirm.licence')}</p>
      </div>

      <div className="card">
        <h2>{t('repair.confirm.save')}</h2>
        <p>{destination ? t('repair.confirm.savedTo', { path: destination.path }) : t('repair.confirm.saveWhy')}</p>
        <button type="button" className="secondary" disabled={busy} onClick={onChooseDestination}>
          {destination ? t('repair.confirm.saveAgain') : t('repair.confirm.chooseSave')}
        </button>
      </div>

      <EraseConfirmation
        drive={source}
        inputId="repair-confirm-name"
        blocked={destination === null ? t('repair.confirm.whySave') : null}
        starting={busy}
        error={error}
        label={t('repair.confirm.repair')}
        typeNameBecause={t('repair.confirm.typeWhy')}
        onBack={onBack}
        onErase={(confirmation) => onRepair(confirmation ?? '')}
      />
    </section>
  );
}
