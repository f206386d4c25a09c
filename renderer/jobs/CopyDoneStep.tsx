// How a copy ended. Verified: what is left to do (the licence follows the GUID: Replace Key;
// everything else travelled). Failed or stopped: what happened, what the old flash could not give.
import type { DriveRow, WriteOutcome } from '../../shared/ipc.js';
import { StepHeading } from '../components/StepHeading.js';
import { TextList } from '../components/TextList.js';
import { useWords } from '../i18n/format.js';
import { bootModesText } from '../steps/DoneStep.js';

export interface CopyDoneStepProps {
  readonly outcome: WriteOutcome;
  /** The old flash, as it was listed when the copy started; undefined when it has left the list. */
  readonly source: DriveRow | undefined;
  readonly onRetry: () => void;
  readonly onHome: () => void;
}

export function CopyDoneStep({ outcome, source, onRetry, onHome }: CopyDoneStepProps) {
  const { t, format, word, sentences } = useWords();
  if (outcome.result !== 'success') {
    const cancelled = outcome.result === 'cancelled';
    return (
      <section aria-labelledby="copy-done-heading" className="step">
        <StepHeading intro={t('jobs.copyDone.failedIntro')}>
          <span id="copy-done-heading">{cancelled ? t('done.stopped') : t('jobs.copyDone.failed')}</span>
        </StepHeading>
        <div className={cancelled ? 'card warning' : 'card failed'}>
          <p>{sentences(outcome.sentences)}</p>
          {outcome.detail && <p className="hint">{t('done.details', { detail: outcome.detail })}</p>}
          {outcome.differences.length > 0 && <TextList items={outcome.differences} />}
        </div>
        {outcome.advice.length > 0 && (
          <>
            <h2>{t('done.whatToTry')}</h2>
            <TextList items={outcome.advice.map(word)} className="advice" />
          </>
        )}
        <div className="actions">
          <button type="button" className="secondary" onClick={onHome}>
            {t('jobs.home.back')}
          </button>
          <button type="button" className="primary" onClick={onRetry}>
            {t('done.retry')}
          </button>
        </div>
      </section>
    );
  }
  const { verification } = outcome;
  return (
    <section aria-labelledby="copy-done-heading" className="step">
      <StepHeading intro={t('jobs.copyDone.intro')}>
        <span id="copy-done-heading">{t('jobs.copyDone.heading')}</span>
      </StepHeading>
      <div className="card ok">
        <p className="strong">{t('done.verifiedIn', { duration: format.duration(verification.seconds) })}</p>
        <p>
          {t('done.readBack', {
            files: t('units.files', { count: verification.files }),
            folders: t('units.folders', { count: verification.folders }),
            drive: outcome.drive.description,
            size: format.bytes(verification.bytesChecked),
            label: verification.label,
            boots: bootModesText(t, verification),
          })}
        </p>
        {verification.eject && <p>{verification.eject.ejected ? t('done.ejected') : t('done.eject', { reason: word(verification.eject.reason) })}</p>}
      </div>
      <h2>{t('done.afterBoot')}</h2>
      <ol className="checklist">
        <li>
          <span className="strong">{t('jobs.copyDone.licenceTitle')}</span>
          <p>
            {outcome.drive.guid
              ? t('jobs.copyDone.licence', { old: source?.guid ?? t('jobs.copyDone.unknownGuid'), new: outcome.drive.guid })
              : t('jobs.copyDone.licenceNoGuid')}
          </p>
        </li>
        <li>
          <span className="strong">{t('jobs.copyDone.travelledTitle')}</span>
          <p>{t('jobs.copyDone.travelled')}</p>
        </li>
        <li>
          <span className="strong">{t('jobs.copyDone.oldTitle')}</span>
          <p>{t('jobs.copyDone.old')}</p>
        </li>
      </ol>
      <div className="actions">
        <span />
        <button type="button" className="secondary" onClick={onHome}>
          {t('jobs.home.back')}
        </button>
      </div>
    </section>
  );
}
