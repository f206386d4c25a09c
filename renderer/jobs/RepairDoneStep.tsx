// How a repair ended. Verified: what was repaired (a fresh filesystem with the same label and
// volume id, the files taken from elsewhere), where the zip of the flash as it was is, and that the
// licence needs nothing. Failed or stopped: what happened, and how to put the flash back.
import type { WriteOutcome } from '../../shared/ipc.js';
import { EjectState } from '../components/EjectState.js';
import { TextList } from '../components/TextList.js';
import { useWords } from '../i18n/format.js';
import { readBackText } from '../steps/DoneStep.js';
import { JobEnd } from './JobEnd.js';

export interface RepairDoneStepProps {
  readonly outcome: WriteOutcome;
  readonly onRetry: () => void;
  readonly onHome: () => void;
}

export function RepairDoneStep({ outcome, onRetry, onHome }: RepairDoneStepProps) {
  const { t, format, word, sentences } = useWords();
  if (outcome.result !== 'success' || !outcome.repair) {
    const cancelled = outcome.result === 'cancelled';
    return (
      <JobEnd headingId="repair-done-heading" heading={cancelled ? t('done.stopped') : t('repair.done.failed')} intro={t('repair.done.failedIntro')} onHome={onHome} onRetry={onRetry}>
        {outcome.result !== 'success' && (
          <>
            <div className={cancelled ? 'card warning' : 'card failed'}>
              <p>{sentences(outcome.sentences)}</p>
              {outcome.detail && <p className="hint">{t('done.details', { detail: outcome.detail })}</p>}
              {outcome.differences.length > 0 && <TextList items={outcome.differences.map(word)} />}
            </div>
            {outcome.advice.length > 0 && (
              <>
                <h2>{t('done.whatToTry')}</h2>
                <TextList items={outcome.advice.map(word)} className="advice" />
              </>
            )}
          </>
        )}
      </JobEnd>
    );
  }
  const { verification, repair } = outcome;
  return (
    <JobEnd headingId="repair-done-heading" heading={t('repair.done.heading')} intro={<EjectState eject={verification.eject} drive={outcome.drive.description} />} onHome={onHome}>
      <div className="card ok">
        <p className="strong">{t('done.verifiedIn', { duration: format.duration(verification.seconds) })}</p>
        <p>{readBackText(t, format, verification, outcome.drive.description)}</p>
      </div>
      <h2>{t('repair.done.what')}</h2>
      <p>{t('repair.done.rewritten', { label: repair.label, serial: repair.volumeSerial })}</p>
      {repair.changed.length > 0 ? (
        <>
          <p>{t('repair.done.changed')}</p>
          <TextList items={repair.changed.map(word)} />
        </>
      ) : (
        <p>{t('repair.done.unchanged')}</p>
      )}
      <h2>{t('done.afterBoot')}</h2>
      <ol className="checklist">
        <li>
          <span className="strong">{t('repair.done.savedTitle')}</span>
          <p>{t('repair.done.saved', { path: repair.savedAs })}</p>
        </li>
        <li>
          <span className="strong">{t('repair.done.licenceTitle')}</span>
          <p>{t('repair.done.licence')}</p>
        </li>
      </ol>
    </JobEnd>
  );
}
