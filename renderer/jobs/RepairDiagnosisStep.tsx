// What is wrong with the flash, as main read it (read-only), and the repairs it allows: roll back
// to previous/ only when it holds a whole release that may be rolled back to, bz files from a
// release of the flash's own version (a zip the owner has, or Unraid's list) when some fail their
// checksum, UEFI on or off, and going on without the files the old FAT cannot give. A stick its
// check found failing or counterfeit is never rewritten: the way on is a copy to a new drive.
import type { DriveRow, RepairDiagnosis } from '../../shared/ipc.js';
import { Actions, WHY_ID } from '../components/Actions.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { StepHeading } from '../components/StepHeading.js';
import { TextList } from '../components/TextList.js';
import { useWords } from '../i18n/format.js';
import { repairBlocked, type RepairSelection } from './repair.js';

export interface RepairDiagnosisStepProps {
  readonly source: DriveRow;
  /** Null while the flash is read. */
  readonly diagnosis: RepairDiagnosis | null;
  readonly selection: RepairSelection;
  /** The release zip chosen for the bz files, by its name. */
  readonly zipName: string | null;
  /** The flash's version is in Unraid's release list (null while the list is not known). */
  readonly listed: boolean | null;
  readonly busy: boolean;
  readonly error: string | null;
  readonly onChange: (selection: RepairSelection) => void;
  readonly onChooseZip: () => void;
  readonly onRetry: () => void;
  readonly onCopyInstead: () => void;
  readonly onBack: () => void;
  readonly onNext: () => void;
}

export function RepairDiagnosisStep(props: RepairDiagnosisStepProps) {
  const { source, diagnosis, selection, zipName, listed, busy, error, onChange, onChooseZip, onRetry, onCopyInstead, onBack, onNext } = props;
  const { t, word, format } = useWords();
  const blocked = repairBlocked(diagnosis, selection, zipName !== null);
  const why = blocked === null ? null : t(`repair.diagnosis.why.${blocked}`);
  const set = (change: Partial<RepairSelection>) => onChange({ ...selection, ...change });
  return (
    <section aria-labelledby="repair-diagnosis-heading" className="step" aria-busy={diagnosis === null}>
      <StepHeading intro={t('repair.diagnosis.intro')}>
        <span id="repair-diagnosis-heading">{t('repair.diagnosis.heading', { drive: source.description })}</span>
      </StepHeading>
      {diagnosis === null ? (
        <div className="card">
          <p role="status">{busy ? t('repair.diagnosis.reading') : t('repair.diagnosis.notRead')}</p>
          {!busy && (
            <button type="button" className="secondary" onClick={onRetry}>
              {t('repair.diagnosis.retry')}
            </button>
          )}
        </div>
      ) : (
        <>
          {diagnosis.stickRefusal && (
            <div className="card failed">
              <h2>{t('repair.diagnosis.stickRefused')}</h2>
              <TextList items={diagnosis.stickRefusal.map(word)} />
              <button type="button" className="secondary" onClick={onCopyInstead}>
                {t('repair.diagnosis.copyInstead')}
              </button>
            </div>
          )}
          <div className={`card ${diagnosis.needsRepair ? 'warning' : 'ok'}`}>
            {!diagnosis.needsRepair && <p className="strong">{t('repair.diagnosis.healthy')}</p>}
            <ul className="findings">
              {diagnosis.findings.map((finding, index) => (
                <li key={index}>
                  <span className={`badge ${finding.needsRepair ? 'refused' : 'ok'}`}>{finding.needsRepair ? t('repair.diagnosis.needsRepair') : t('repair.diagnosis.note')}</span> {word(finding.message)}
                </li>
              ))}
            </ul>
          </div>
          {diagnosis.stickRefusal === null && (
            <fieldset className="card repair-choices">
              <legend>{t('repair.diagnosis.choices')}</legend>
              <label className="check">
                <input type="checkbox" checked={selection.rollback} disabled={diagnosis.rollbackRefusal !== null} aria-describedby="repair-rollback-why"
                  onChange={(event) => set({ rollback: event.target.checked, release: event.target.checked ? 'none' : selection.release })} />
                {diagnosis.rollbackVersion ? t('repair.diagnosis.rollback', { version: diagnosis.rollbackVersion }) : t('repair.diagnosis.rollbackNone')}
              </label>
              {diagnosis.rollbackRefusal && <p id="repair-rollback-why" className="hint">{word(diagnosis.rollbackRefusal)}</p>}
              {diagnosis.badImages.length > 0 && !selection.rollback && (
                <fieldset>
                  <legend>{t('repair.diagnosis.release', { version: diagnosis.version ?? t('confirm.unknownVersion'), files: format.list(diagnosis.badImages) })}</legend>
                  <label className="check">
                    <input type="radio" name="repair-release" checked={selection.release === 'zip'} onChange={() => set({ release: 'zip' })} />
                    {t('repair.diagnosis.releaseZip')}
                  </label>
                  {selection.release === 'zip' && (
                    <p>
                      <button type="button" className="secondary" disabled={busy} onClick={onChooseZip}>
                        {t('repair.diagnosis.chooseZip')}
                      </button>{' '}
                      {zipName && <span>{t('repair.diagnosis.zipChosen', { name: zipName })}</span>}
                    </p>
                  )}
                  <label className="check">
                    <input type="radio" name="repair-release" checked={selection.release === 'list'} disabled={listed !== true} aria-describedby="repair-list-why" onChange={() => set({ release: 'list' })} />
                    {t('repair.diagnosis.releaseList')}
                  </label>
                  {listed === false && <p id="repair-list-why" className="hint">{t('repair.diagnosis.notInList', { version: diagnosis.version ?? '' })}</p>}
                </fieldset>
              )}
              <label className="check">
                <input type="checkbox" checked={selection.uefi} onChange={(event) => set({ uefi: event.target.checked })} />
                {t('repair.diagnosis.uefi')}
              </label>
              {diagnosis.unreadable.length > 0 && (
                <>
                  <p>{t('repair.diagnosis.unreadable', { count: diagnosis.unreadable.length })}</p>
                  <TextList items={diagnosis.unreadable} />
                  <label className="check">
                    <input type="checkbox" checked={selection.allowMissing} onChange={(event) => set({ allowMissing: event.target.checked })} />
                    {t('repair.diagnosis.allowMissing', { count: diagnosis.unreadable.length })}
                  </label>
                </>
              )}
            </fieldset>
          )}
        </>
      )}
      <ErrorMessage message={error} />
      <Actions back={onBack} why={why}>
        <button type="button" className="primary" disabled={blocked !== null || busy} aria-describedby={why ? WHY_ID : undefined} onClick={onNext}>
          {t('repair.diagnosis.next')}
        </button>
      </Actions>
    </section>
  );
}
