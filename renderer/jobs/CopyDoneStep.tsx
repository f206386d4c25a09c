// How a copy ended. Verified: what is left to do (the licence follows the GUID: Replace Key;
// everything else travelled). Failed or stopped: what happened, what the old flash could not give,
// and the choice to copy without those files.
import { unreadPathOf } from '../../shared/flash-source.js';
import type { DriveRow, WriteOutcome } from '../../shared/ipc.js';
import { EjectState } from '../components/EjectState.js';
import { TextList } from '../components/TextList.js';
import { useWords } from '../i18n/format.js';
import { readBackText } from '../steps/DoneStep.js';
import { firstAction } from '../steps/end-advice.js';
import { JobEnd } from './JobEnd.js';

export interface CopyDoneStepProps {
  readonly outcome: WriteOutcome;
  /** The old flash, as it was listed when the copy started; undefined when it has left the list. */
  readonly source: DriveRow | undefined;
  readonly onRetry: () => void;
  readonly onHome: () => void;
  /** Another new drive (the copy's drive step). */
  readonly onOtherDrive?: () => void;
  /** A back-up of the same old flash instead. */
  readonly onBackUpInstead?: () => void;
  /** The copy again, without the files the old flash cannot give (named here). */
  readonly onCopyWithout?: (files: readonly string[]) => void;
}

export function CopyDoneStep({ outcome, source, onRetry, onHome, onOtherDrive, onBackUpInstead, onCopyWithout }: CopyDoneStepProps) {
  const { t, format, word, sentences } = useWords();
  if (outcome.result !== 'success') {
    const cancelled = outcome.result === 'cancelled';
    // The buttons follow the advice: a back-up when the old flash cannot give every file, another drive when the new one is at fault.
    const backUp = outcome.advice.some((item) => item.code === 'flash.copy-missing-advice') && onBackUpInstead;
    const otherDrive = !cancelled && firstAction(outcome.advice) === 'otherDrive' && onOtherDrive;
    const advised = backUp ? { label: t('jobs.copyDone.backUpInstead'), onClick: backUp } : otherDrive ? { label: t('done.otherDrive'), onClick: otherDrive } : undefined;
    const unread = outcome.sentences.some((item) => item.code === 'flash.copy-missing')
      ? outcome.differences.flatMap((item) => unreadPathOf(item) ?? [])
      : [];
    return (
      <JobEnd headingId="copy-done-heading" heading={cancelled ? t('done.stopped') : t('jobs.copyDone.failed')} intro={t('jobs.copyDone.failedIntro')} onHome={onHome} onRetry={onRetry} advised={advised}>
        <div className={cancelled ? 'card warning' : 'card failed'}>
          <p>{sentences(outcome.sentences)}</p>
          {outcome.detail && <p className="hint">{t('done.details', { detail: outcome.detail })}</p>}
          {outcome.differences.length > 0 && <TextList items={outcome.differences.map(word)} />}
          {unread.length > 0 && onCopyWithout && (
            <button type="button" className="secondary" onClick={() => onCopyWithout(unread)}>
              {t('jobs.copyDone.withoutMissing')}
            </button>
          )}
        </div>
        {outcome.advice.length > 0 && (
          <>
            <h2>{t('done.whatToTry')}</h2>
            <TextList items={outcome.advice.map(word)} className="advice" />
          </>
        )}
      </JobEnd>
    );
  }
  const { verification } = outcome;
  return (
    <JobEnd headingId="copy-done-heading" heading={t('jobs.copyDone.heading')} intro={<EjectState eject={verification.eject} drive={outcome.drive.description} />} onHome={onHome}>
      <p>{t('jobs.copyDone.intro')}</p>
      <div className="card ok">
        <p className="strong">{t('done.verifiedIn', { duration: format.duration(verification.seconds) })}</p>
        <p>
          {readBackText(t, format, verification, outcome.drive.description)}
        </p>
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
    </JobEnd>
  );
}
