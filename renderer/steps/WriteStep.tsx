// Step 5: the write, honestly: which phase, how far, how fast, how long still. One bar for the
// whole job (writing, then the one read that verifies it), with one time left from measured speeds.
// Cancelling asks first, and says what stopping leaves on the drive.
import { useState } from 'react';
import { formatBytes, formatSpeed, formatTimeLeft } from '../../shared/format.js';
import { WRITE_PHASES, type WritePhase, type WriteProgress } from '../../shared/ipc.js';
import { Actions } from '../components/Actions.js';
import { StepHeading } from '../components/StepHeading.js';
import { percentOf } from '../format.js';

export interface WriteStepProps {
  readonly driveName: string;
  readonly progress: WriteProgress | null;
  readonly cancelling: boolean;
  readonly onCancel: () => void;
}

export const PHASE_LABELS: Record<WritePhase, string> = {
  'preparing': 'Preparing',
  'writing': 'Writing the files',
  'boot-loader': 'Making it bootable',
  'verifying': 'Verifying (reading everything back)',
};

export function WriteStep({ driveName, progress, cancelling, onCancel }: WriteStepProps) {
  const [asking, setAsking] = useState(false);
  const phase = progress?.phase ?? 'preparing';
  const current = WRITE_PHASES.indexOf(phase);
  const percent = progress ? percentOf(progress.fraction, 1) : 0;
  return (
    <section aria-labelledby="write-heading" className="step">
      <StepHeading intro={`Keep ${driveName} plugged in until this is done. It usually takes a few minutes.`}>
        <span id="write-heading">Writing the flash drive</span>
      </StepHeading>

      <ol className="phases" aria-label="Phases">
        {WRITE_PHASES.map((name, index) => (
          <li key={name} className={index < current ? 'done' : index === current ? 'current' : 'todo'} aria-current={index === current ? 'step' : undefined}>
            <span aria-hidden="true" className="mark">
              {index < current ? '✓' : index === current ? '●' : '○'}
            </span>
            {PHASE_LABELS[name]}
          </li>
        ))}
      </ol>

      <div className="progress">
        <progress max={100} value={phase === 'preparing' ? undefined : percent} aria-label={PHASE_LABELS[phase]} />
        <p className="progress-text">{progressLine(progress, percent)}</p>
        <p className="visually-hidden" aria-live="polite">
          {PHASE_LABELS[phase]}
        </p>
      </div>

      {asking ? (
        <div role="alertdialog" aria-labelledby="cancel-question" aria-describedby="cancel-effect" className="card warning">
          <p id="cancel-question" className="strong">
            Stop writing?
          </p>
          <p id="cancel-effect">
            {phase === 'verifying'
              ? 'Everything is written; stopping skips the check, so the drive is not known to be good.'
              : 'The drive will be left blank (no partition table) and will not boot until you write it again.'}
          </p>
          <div className="buttons">
            <button type="button" className="secondary" autoFocus onClick={() => setAsking(false)}>
              Keep writing
            </button>
            <button type="button" className="danger" disabled={cancelling} onClick={onCancel}>
              {cancelling ? 'Stopping…' : 'Stop writing'}
            </button>
          </div>
        </div>
      ) : (
        <Actions>
          <button type="button" className="secondary" onClick={() => setAsking(true)}>
            Cancel…
          </button>
        </Actions>
      )}
    </section>
  );
}

function progressLine(progress: WriteProgress | null, percent: number): string {
  if (!progress || progress.phase === 'preparing') return 'Reading the backup and planning the drive…';
  const parts = [`${PHASE_LABELS[progress.phase]}: ${percent}%`, `${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)}`];
  if (progress.bytesPerSecond !== null) parts.push(formatSpeed(progress.bytesPerSecond));
  if (progress.secondsLeft !== null) parts.push(formatTimeLeft(progress.secondsLeft));
  return parts.join(' · ');
}
