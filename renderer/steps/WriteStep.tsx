// Step 5: the write, honestly: which phase, how far, how fast, how long still. One bar for the
// whole job (writing, then the one read that verifies it), with one time left from measured speeds.
// Cancelling asks first, and says what stopping leaves on the drive.
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { WRITE_PHASES, type WritePhase, type WriteProgress } from '../../shared/ipc.js';
import { Actions } from '../components/Actions.js';
import { StepHeading } from '../components/StepHeading.js';
import { percentOf } from '../format.js';
import { useWords } from '../i18n/format.js';
import type { Formats } from '../i18n/units.js';

export interface WriteStepProps {
  /** The drive's description; null when it is not known (the drive step's choice was lost). */
  readonly driveName: string | null;
  readonly progress: WriteProgress | null;
  readonly cancelling: boolean;
  readonly onCancel: () => void;
  /** The phases listed; a restore's by default (a copy reads the old flash first, an install downloads the release). */
  readonly phases?: readonly WritePhase[];
}

/** A phase's name, as the phase list, the progress bar and a failure say it. */
export function phaseLabel(t: TFunction, phase: WritePhase): string {
  if (phase === 'reading') return t('jobs.phaseReading');
  return phase === 'downloading' ? t('install.phaseDownloading') : t(`write.phase.${phase}`);
}

export function WriteStep({ driveName, progress, cancelling, onCancel, phases = WRITE_PHASES }: WriteStepProps) {
  const { t, format } = useWords();
  const [asking, setAsking] = useState(false);
  const phase = progress?.phase ?? 'preparing';
  const current = phases.indexOf(phase);
  const percent = progress ? percentOf(progress.fraction, 1) : 0;
  return (
    <section aria-labelledby="write-heading" className="step">
      <StepHeading intro={driveName === null ? t('write.introNoName') : t('write.intro', { drive: driveName })}>
        <span id="write-heading">{t('write.heading')}</span>
      </StepHeading>

      <ol className="phases" aria-label={t('write.phases')}>
        {phases.map((name, index) => (
          <li key={name} className={index < current ? 'done' : index === current ? 'current' : 'todo'} aria-current={index === current ? 'step' : undefined}>
            <span aria-hidden="true" className="mark">
              {index < current ? '✓' : index === current ? '●' : '○'}
            </span>
            {phaseLabel(t, name)}
          </li>
        ))}
      </ol>

      <div className="progress">
        <progress max={100} value={phase === 'preparing' ? undefined : percent} aria-label={phaseLabel(t, phase)} />
        <p className="progress-text">{progressLine(t, format, progress, percent)}</p>
        <p className="visually-hidden" aria-live="polite">
          {phaseLabel(t, phase)}
        </p>
      </div>

      {asking ? (
        <div role="alertdialog" aria-labelledby="cancel-question" aria-describedby="cancel-effect" className="card warning">
          <p id="cancel-question" className="strong">
            {t('write.stopQuestion')}
          </p>
          <p id="cancel-effect">
            {phase === 'verifying' ? t('write.stopSkipsCheck') : phase === 'reading' ? t('jobs.stopWhileReading') : phase === 'downloading' ? t('install.stopWhileDownloading') : t('write.stopLeavesBlank')}
          </p>
          <div className="buttons">
            <button type="button" className="secondary" autoFocus onClick={() => setAsking(false)}>
              {t('write.keepWriting')}
            </button>
            <button type="button" className="danger" disabled={cancelling} onClick={onCancel}>
              {cancelling ? t('write.stopping') : t('write.stop')}
            </button>
          </div>
        </div>
      ) : (
        <Actions>
          <button type="button" className="secondary" onClick={() => setAsking(true)}>
            {t('write.cancel')}
          </button>
        </Actions>
      )}
    </section>
  );
}

function progressLine(t: TFunction, format: Formats, progress: WriteProgress | null, percent: number): string {
  if (!progress || progress.phase === 'preparing') return t('write.planning');
  const parts = [
    t('write.percent', { phase: phaseLabel(t, progress.phase), percent }),
    t('write.of', { done: format.bytes(progress.bytesDone), total: format.bytes(progress.bytesTotal) }),
  ];
  if (progress.bytesPerSecond !== null) parts.push(format.speed(progress.bytesPerSecond));
  if (progress.secondsLeft !== null) parts.push(format.timeLeft(progress.secondsLeft));
  return parts.join(' · ');
}
