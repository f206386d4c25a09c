// Step 1: the backup zip. Pick it or drop it anywhere on the window; then see what it holds and
// every problem in plain words. A blocking problem stops the wizard here.
import type { TFunction } from 'i18next';
import { useState, type DragEvent } from 'react';
import type { BackupReport } from '../../shared/backup-report.js';
import { DEFAULT_BOOT_LABEL } from '../../shared/boot-label.js';
import type { DroppedFile, OpenedBackup } from '../../shared/ipc.js';
import { Actions } from '../components/Actions.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { StepHeading } from '../components/StepHeading.js';
import { TextList } from '../components/TextList.js';
import { useWords } from '../i18n/format.js';
import { Field } from './SettingsFields.js';

/** A zip being opened: its name, or null while the system's file dialog has not told it. */
export interface Opening {
  readonly name: string | null;
}

export interface BackupStepProps {
  readonly backup: OpenedBackup | null;
  /** The zip being opened (its name, null when not known), or null when none is. */
  readonly opening: Opening | null;
  readonly error: string | null;
  readonly onChoose: () => void;
  readonly onDrop: (file: DroppedFile) => void;
  /** Opens the encrypted backup shown again, with the passphrase typed. */
  readonly onUnlock: (passphrase: string) => void;
  readonly onNext: () => void;
}

/** The problems that ask for the zip's passphrase: none typed yet, or one that does not open it. */
const LOCKED: readonly string[] = ['passphrase-needed', 'wrong-passphrase'];

export function BackupStep({ backup, opening, error, onChoose, onDrop, onUnlock, onNext }: BackupStepProps) {
  const { t } = useWords();
  const [dragging, setDragging] = useState(false);
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) onDrop(file);
  };
  return (
    <section
      aria-labelledby="backup-heading"
      className="step"
      aria-busy={opening !== null}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={drop}
    >
      <StepHeading intro={t('backup.intro')}>
        <span id="backup-heading">{t('backup.heading')}</span>
      </StepHeading>

      <div className={dragging ? 'drop-zone dragging' : 'drop-zone'}>
        <p>{t('backup.drop')}</p>
        <button type="button" className={backup ? 'secondary' : 'primary'} onClick={onChoose} disabled={opening !== null}>
          {backup ? t('backup.chooseOther') : t('backup.choose')}
        </button>
        <p className="hint">{t('backup.hint')}</p>
      </div>

      <p role="status" className="status">
        {opening ? (opening.name === null ? t('backup.readingChosen') : t('backup.reading', { name: opening.name })) : ''}
      </p>
      <ErrorMessage message={error} />

      {backup && !opening && <BackupDetails report={backup.report} neededBytes={backup.neededBytes} />}
      {backup && !opening && backup.report.problems.some((problem) => LOCKED.includes(problem.code)) && <PassphraseForm key={backup.backupId} onUnlock={onUnlock} />}

      <Actions>
        {backup?.report.ok && (
          <button type="button" className="primary" onClick={onNext} disabled={opening !== null}>
            {t('backup.next')}
          </button>
        )}
      </Actions>
    </section>
  );
}

/** The passphrase of an encrypted backup, kept by main only while the app runs, to read the zip. */
function PassphraseForm({ onUnlock }: { onUnlock: (passphrase: string) => void }) {
  const { t } = useWords();
  const [passphrase, setPassphrase] = useState('');
  return (
    <form
      className="card"
      onSubmit={(event) => {
        event.preventDefault();
        if (passphrase !== '') onUnlock(passphrase);
      }}
    >
      <Field id="backup-passphrase" type="secret" label={t('backup.passphrase.label')} value={passphrase} problem={null} hint={t('backup.passphrase.hint')} onChange={setPassphrase} />
      <div className="buttons">
        <button type="submit" className="primary" disabled={passphrase === ''}>
          {t('backup.passphrase.open')}
        </button>
      </div>
    </form>
  );
}

function BackupDetails({ report, neededBytes }: { report: BackupReport; neededBytes: number | null }) {
  const blocking = report.problems.filter((problem) => problem.severity === 'blocking');
  const notes = report.problems.filter((problem) => problem.severity === 'warning');
  const { t, format, word } = useWords();
  return (
    <section aria-label={t('backup.holds')} className="card">
      <h2 className="file-name">{report.zipName}</h2>
      {report.fileCount > 0 && (
        <dl className="facts">
          <dt>{t('backup.os')}</dt>
          <dd>{report.osVersion ? (report.releaseDate ? t('backup.versionReleased', { version: report.osVersion, date: report.releaseDate }) : report.osVersion) : t('backup.unknownVersion')}</dd>
          <dt>{t('backup.serverName')}</dt>
          <dd>{report.serverName ?? t('backup.noServerName')}</dd>
          <dt>{t('backup.size')}</dt>
          <dd>
            {t('backup.sizeInFiles', { size: format.bytes(report.totalBytes), files: t('units.files', { count: report.fileCount }) })}
            {neededBytes !== null && t('backup.needsDrive', { size: format.bytes(neededBytes) })}
          </dd>
          <dt>{t('backup.bootModes')}</dt>
          <dd>{bootModes(t, report)}</dd>
          <dt>{t('backup.flashLabel')}</dt>
          <dd>{flashLabel(t, report)}</dd>
        </dl>
      )}
      {blocking.length > 0 ? (
        <div className="problems blocking">
          <h3>{t('backup.cannotRestore')}</h3>
          <TextList items={blocking.map((problem) => word(problem.message))} />
          <p>{t('backup.chooseAnother')}</p>
        </div>
      ) : (
        <p className="verdict ok">{t('backup.canRestore')}</p>
      )}
      {notes.length > 0 && (
        <div className="problems notes">
          <h3>{t('backup.goodToKnow')}</h3>
          <TextList items={notes.map((problem) => word(problem.message))} />
        </div>
      )}
    </section>
  );
}

/** The label the drive gets, and the volume id when the boot entries ask for one. */
function flashLabel(t: TFunction, { boot }: BackupReport): string {
  const label = boot.label === DEFAULT_BOOT_LABEL ? boot.label : t('backup.labelOption', { label: boot.label });
  return boot.volumeSerial ? t('backup.volumeId', { label, serial: boot.volumeSerial }) : label;
}

function bootModes(t: TFunction, { boot }: BackupReport): string {
  const uefi = { enabled: t('backup.uefiEnabled'), disabled: t('backup.uefiDisabled'), absent: t('backup.uefiAbsent') }[boot.uefi];
  return t('backup.modes', { legacy: boot.legacy ? t('backup.legacy') : t('backup.noLegacy'), uefi });
}
