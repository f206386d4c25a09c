// The back-up as it runs: one bar for the one pass (reading the old flash into the zip), with the
// speed and time left measured; stopping leaves no zip behind.
import type { BackupProgress } from '../../shared/ipc.js';
import { Actions } from '../components/Actions.js';
import { StepHeading } from '../components/StepHeading.js';
import { percentOf } from '../format.js';
import { useWords } from '../i18n/format.js';

export interface BackupProgressStepProps {
  readonly driveName: string;
  readonly progress: BackupProgress | null;
  readonly cancelling: boolean;
  readonly onCancel: () => void;
}

export function BackupProgressStep({ driveName, progress, cancelling, onCancel }: BackupProgressStepProps) {
  const { t, format } = useWords();
  const percent = progress ? percentOf(progress.fraction, 1) : 0;
  const parts = progress
    ? [
        t('jobs.progress.percent', { percent }),
        t('write.of', { done: format.bytes(progress.bytesDone), total: format.bytes(progress.bytesTotal) }),
        ...(progress.bytesPerSecond === null ? [] : [format.speed(progress.bytesPerSecond)]),
        ...(progress.secondsLeft === null ? [] : [format.timeLeft(progress.secondsLeft)]),
      ]
    : [t('jobs.progress.starting')];
  return (
    <section aria-labelledby="backup-progress-heading" className="step">
      <StepHeading intro={t('jobs.progress.intro', { drive: driveName })}>
        <span id="backup-progress-heading">{t('jobs.progress.heading')}</span>
      </StepHeading>
      <div className="progress">
        <progress max={100} value={progress ? percent : undefined} aria-label={t('jobs.progress.heading')} />
        <p className="progress-text">{parts.join(' · ')}</p>
      </div>
      <Actions>
        <button type="button" className="secondary" disabled={cancelling} onClick={onCancel}>
          {cancelling ? t('write.stopping') : t('jobs.progress.stop')}
        </button>
      </Actions>
    </section>
  );
}
