// Step 6: how it ended. Success shows what the read-back proved and the checklist for after the
// first boot (copyable); a failure or a cancel says what happened, what state the drive is in and
// what to try next.
import { useState } from 'react';
import type { BackupReport } from '../../shared/backup-report.js';
import { formatBytes, plural } from '../../shared/format.js';
import type { WriteOutcome } from '../../shared/ipc.js';
import { checklistEntries, checklistText } from '../checklist.js';
import { Actions } from '../components/Actions.js';
import { StepHeading } from '../components/StepHeading.js';
import { TextList } from '../components/TextList.js';
import { formatDuration } from '../format.js';
import { PHASE_LABELS } from './WriteStep.js';

export interface DoneStepProps {
  readonly outcome: WriteOutcome;
  readonly report: BackupReport;
  readonly logPath: string | null;
  readonly onCopy: (text: string) => Promise<void>;
  readonly onOpenLog: () => void;
  readonly onRetry: () => void;
  readonly onOtherDrive: () => void;
  readonly onStartOver: () => void;
}

export function DoneStep(props: DoneStepProps) {
  return props.outcome.result === 'success' ? <Success {...props} outcome={props.outcome} /> : <Failure {...props} outcome={props.outcome} />;
}

type Outcome<R> = Extract<WriteOutcome, { result: R }>;

function Success({ outcome, report, onCopy, onOtherDrive, onStartOver }: DoneStepProps & { outcome: Outcome<'success'> }) {
  const { verification: check, drive } = outcome;
  const entries = checklistEntries(report.checklist, drive.guid);
  const boots = [check.legacyBoot && 'legacy BIOS', check.uefiBoot && 'UEFI'].filter(Boolean).join(' and ') || 'no boot mode (see the backup’s notes)';
  return (
    <section aria-labelledby="done-heading" className="step">
      <StepHeading intro="Put the drive in the server and start it. Then work through the list below.">
        <span id="done-heading">The new flash drive is ready</span>
      </StepHeading>

      <div className="card ok">
        <p className="strong">Written and verified in {formatDuration(check.seconds)}.</p>
        <p>
          Every one of the {plural(check.files, 'file')} and {plural(check.folders, 'folder')} was read back from {drive.description} and matches the backup (
          {formatBytes(check.bytesChecked)} compared): one FAT32 partition labelled {check.label}, bootable in {boots}.
          {check.changedFiles.length > 0 && ` Changed as you asked: ${check.changedFiles.join(', ')}.`}
        </p>
        {check.eject && <p>{check.eject.ejected ? 'The drive has been ejected: you can unplug it now.' : `Eject the drive before you unplug it (${check.eject.reason}).`}</p>}
      </div>

      <h2>After the first boot</h2>
      {entries.length === 0 ? (
        <p>Nothing to redo: the backup holds everything the server needs.</p>
      ) : (
        <>
          <ol className="checklist">
            {entries.map((entry) => (
              <li key={entry.id}>
                <span className="strong">{entry.title}</span>
                <TextList items={entry.items} />
              </li>
            ))}
          </ol>
          <CopyButton text={checklistText(report.serverName, entries)} onCopy={onCopy} />
        </>
      )}

      <Actions>
        <StartAgain onOtherDrive={onOtherDrive} onStartOver={onStartOver} />
      </Actions>
    </section>
  );
}

function Failure({ outcome, logPath, onOpenLog, onRetry, onOtherDrive, onStartOver }: DoneStepProps & { outcome: Outcome<'failed' | 'cancelled'> }) {
  const cancelled = outcome.result === 'cancelled';
  return (
    <section aria-labelledby="done-heading" className="step">
      <StepHeading intro={cancelled ? 'The write was stopped, as you asked.' : `It went wrong while: ${PHASE_LABELS[outcome.phase].toLowerCase()}.`}>
        <span id="done-heading">{cancelled ? 'Writing was stopped' : 'The drive was not written'}</span>
      </StepHeading>

      <div className={cancelled ? 'card warning' : 'card failed'}>
        <p>{outcome.message}</p>
        {outcome.detail && <p className="hint">Details: {outcome.detail}</p>}
        {outcome.differences.length > 0 && (
          <details>
            <summary>What the read-back found ({plural(outcome.differences.length, 'difference')})</summary>
            <TextList items={outcome.differences.slice(0, 50)} />
          </details>
        )}
      </div>

      <h2>What to try</h2>
      <TextList items={outcome.advice} className="advice" />
      {logPath && <p className="hint">The log file is at {logPath}</p>}

      <Actions>
        <button type="button" className="secondary" onClick={onOpenLog}>
          Open the log file
        </button>
        <StartAgain onOtherDrive={onOtherDrive} onStartOver={onStartOver} />
        <button type="button" className="primary" onClick={onRetry}>
          Try again
        </button>
      </Actions>
    </section>
  );
}

/** The two ways to begin again: another drive for the same backup, or another backup. */
function StartAgain({ onOtherDrive, onStartOver }: Pick<DoneStepProps, 'onOtherDrive' | 'onStartOver'>) {
  return (
    <>
      <button type="button" className="secondary" onClick={onStartOver}>
        Use another backup
      </button>
      <button type="button" className="secondary" onClick={onOtherDrive}>
        Use another drive
      </button>
    </>
  );
}

function CopyButton({ text, onCopy }: { text: string; onCopy: (text: string) => Promise<void> }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = () =>
    onCopy(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  return (
    <div className="copy">
      <button type="button" className="primary" onClick={copy}>
        Copy this checklist
      </button>
      <span role="status">{state === 'copied' ? 'Copied: paste it into a note to keep it at hand.' : state === 'failed' ? 'Could not copy: select the list and copy it by hand.' : ''}</span>
    </div>
  );
}
