// Step 6: how it ended. Success shows what the read-back proved and the checklist for after the
// first boot (copyable); a failure or a cancel says what happened, what state the drive is in and
// what to try next.
import { useState } from 'react';
import type { BackupReport } from '../../shared/backup-report.js';
import type { TFunction } from 'i18next';
import type { VerificationSummary, WriteOutcome } from '../../shared/ipc.js';
import { checklistEntries, checklistText } from '../checklist.js';
import { Actions } from '../components/Actions.js';
import { EjectState } from '../components/EjectState.js';
import { StepHeading } from '../components/StepHeading.js';
import { TextList } from '../components/TextList.js';
import { useWords } from '../i18n/format.js';
import type { Formats } from '../i18n/units.js';
import { firstAction, type EndAction } from './end-advice.js';

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

/** The boot modes a verified drive has, in words. */
/** What reading the drive back found: a whole sentence, with or without the boot modes it has. */
export function readBackText(t: TFunction, format: Formats, check: VerificationSummary, drive: string): string {
  const boots = bootModesText(t, check);
  const found = {
    files: t('units.files', { count: check.files }),
    folders: t('units.folders', { count: check.folders }),
    drive,
    size: format.bytes(check.bytesChecked),
    label: check.label,
  };
  return boots === null ? t('done.readBackNoBoot', found) : t('done.readBack', { ...found, boots });
}

/** The boot modes the drive has, to put after "bootable in"; null when it has none. */
function bootModesText(t: TFunction, check: VerificationSummary): string | null {
  return check.legacyBoot && check.uefiBoot
    ? t('done.both', { first: t('done.legacy'), second: t('done.uefi') })
    : check.legacyBoot
      ? t('done.legacy')
      : check.uefiBoot
        ? t('done.uefi')
        : null;
}

function Success({ outcome, report, onCopy, onOtherDrive, onStartOver }: DoneStepProps & { outcome: Outcome<'success'> }) {
  const { t, format } = useWords();
  const { verification: check, drive } = outcome;
  const entries = checklistEntries(t, report.checklist, drive.guid);
  return (
    <section aria-labelledby="done-heading" className="step">
      <StepHeading intro={<EjectState eject={check.eject} drive={drive.description} />}>
        <span id="done-heading">{t('done.heading')}</span>
      </StepHeading>

      <div className="card ok">
        <p className="strong">{t('done.verifiedIn', { duration: format.duration(check.seconds) })}</p>
        <p>
          {readBackText(t, format, check, drive.description)}
          {check.changedFiles.length > 0 && t('done.changed', { files: format.list(check.changedFiles) })}
        </p>
      </div>
      <p>{t('done.intro')}</p>

      <h2>{t('done.afterBoot')}</h2>
      {entries.length === 0 ? (
        <p>{t('done.nothingToRedo')}</p>
      ) : (
        <ol className="checklist">
          {entries.map((entry) => (
            <li key={entry.id}>
              <span className="strong">{entry.title}</span>
              <TextList items={entry.items} />
            </li>
          ))}
        </ol>
      )}

      <Actions>
        <StartAgain onOtherDrive={onOtherDrive} onStartOver={onStartOver} />
        {entries.length > 0 && <CopyButton text={checklistText(t, report.serverName, entries)} onCopy={onCopy} />}
      </Actions>
    </section>
  );
}

const WAY_LABELS: Record<EndAction, string> = { otherBackup: 'done.otherBackup', otherDrive: 'done.otherDrive', retry: 'done.retry' };

function Failure({ outcome, logPath, onOpenLog, onRetry, onOtherDrive, onStartOver }: DoneStepProps & { outcome: Outcome<'failed' | 'cancelled'> }) {
  const { t, word, sentences } = useWords();
  const cancelled = outcome.result === 'cancelled';
  // The way out the advice names comes last, as the primary button; the others stay as secondary.
  const first = cancelled ? 'retry' : firstAction(outcome.advice);
  const ways = (['otherBackup', 'otherDrive', 'retry'] as const).filter((way) => way !== first).concat(first);
  return (
    <section aria-labelledby="done-heading" className="step">
      <StepHeading intro={cancelled ? t('done.stoppedIntro') : t('done.failedIntro', { phase: t(`done.during.${outcome.phase}`) })}>
        <span id="done-heading">{cancelled ? t('done.stopped') : t('done.failed')}</span>
      </StepHeading>

      <div className={cancelled ? 'card warning' : 'card failed'}>
        <p>{sentences(outcome.sentences)}</p>
        {outcome.detail && <p className="hint">{t('done.details', { detail: outcome.detail })}</p>}
        {outcome.differences.length > 0 && (
          <details>
            <summary>{t('done.differences', { differences: t('units.differences', { count: outcome.differences.length }) })}</summary>
            <TextList items={outcome.differences.slice(0, 50).map(word)} />
          </details>
        )}
      </div>

      <h2>{t('done.whatToTry')}</h2>
      <TextList items={outcome.advice.map(word)} className="advice" />
      {logPath && <p className="hint">{t('done.logAt', { path: logPath })}</p>}

      <Actions>
        <button type="button" className="secondary" onClick={onOpenLog}>
          {t('done.openLog')}
        </button>
        {ways.map((way) => (
          <button key={way} type="button" className={way === first ? 'primary' : 'secondary'} onClick={{ otherDrive: onOtherDrive, otherBackup: onStartOver, retry: onRetry }[way]}>
            {t(WAY_LABELS[way])}
          </button>
        ))}
      </Actions>
    </section>
  );
}

/** The two ways to begin again: another drive for the same backup, or another backup. */
function StartAgain({ onOtherDrive, onStartOver }: Pick<DoneStepProps, 'onOtherDrive' | 'onStartOver'>) {
  const { t } = useWords();
  return (
    <>
      <button type="button" className="secondary" onClick={onStartOver}>
        {t('done.otherBackup')}
      </button>
      <button type="button" className="secondary" onClick={onOtherDrive}>
        {t('done.otherDrive')}
      </button>
    </>
  );
}

function CopyButton({ text, onCopy }: { text: string; onCopy: (text: string) => Promise<void> }) {
  const { t } = useWords();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = () =>
    onCopy(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  return (
    <div className="copy">
      <span role="status">{state === 'copied' ? t('done.copied') : state === 'failed' ? t('done.copyFailed') : ''}</span>
      <button type="button" className="primary" onClick={copy}>
        {t('done.copy')}
      </button>
    </div>
  );
}
