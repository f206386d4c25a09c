// Step 1: the backup zip. Pick it or drop it anywhere on the window; then see what it holds and
// every problem in plain words. A blocking problem stops the wizard here.
import { useState, type DragEvent } from 'react';
import type { BackupReport } from '../../shared/backup-report.js';
import { DEFAULT_BOOT_LABEL } from '../../shared/boot-label.js';
import { formatBytes, plural } from '../../shared/format.js';
import type { DroppedFile, OpenedBackup } from '../../shared/ipc.js';
import { Actions } from '../components/Actions.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { StepHeading } from '../components/StepHeading.js';
import { TextList } from '../components/TextList.js';

export interface BackupStepProps {
  readonly backup: OpenedBackup | null;
  /** The zip being read, while it is. */
  readonly opening: string | null;
  readonly error: string | null;
  readonly onChoose: () => void;
  readonly onDrop: (file: DroppedFile) => void;
  readonly onNext: () => void;
}

export function BackupStep({ backup, opening, error, onChoose, onDrop, onNext }: BackupStepProps) {
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
      <StepHeading intro="Choose the flash backup zip of the server whose drive you are replacing. It is only read, never changed.">
        <span id="backup-heading">Choose your flash backup</span>
      </StepHeading>

      <div className={dragging ? 'drop-zone dragging' : 'drop-zone'}>
        <p>Drop the backup zip here, or</p>
        <button type="button" className={backup ? 'secondary' : 'primary'} onClick={onChoose} disabled={opening !== null}>
          {backup ? 'Choose a different zip…' : 'Choose backup zip…'}
        </button>
        <p className="hint">
          It is the zip Unraid Connect’s “Generate flash backup” gave you (named like Tower-flash-backup-….zip), or the one you made on
          the server itself under Main, Flash, Flash Backup.
        </p>
      </div>

      <p role="status" className="status">
        {opening ? `Reading ${opening}…` : ''}
      </p>
      <ErrorMessage message={error} />

      {backup && !opening && <BackupDetails report={backup.report} neededBytes={backup.neededBytes} />}

      <Actions>
        {backup?.report.ok && (
          <button type="button" className="primary" onClick={onNext} disabled={opening !== null}>
            Next: choose the drive
          </button>
        )}
      </Actions>
    </section>
  );
}

function BackupDetails({ report, neededBytes }: { report: BackupReport; neededBytes: number | null }) {
  const blocking = report.problems.filter((problem) => problem.severity === 'blocking');
  const notes = report.problems.filter((problem) => problem.severity === 'warning');
  return (
    <section aria-label="What the backup holds" className="card">
      <h2 className="file-name">{report.zipName}</h2>
      {report.fileCount > 0 && (
        <dl className="facts">
          <dt>Unraid OS</dt>
          <dd>{report.osVersion ? `${report.osVersion}${report.releaseDate ? ` (released ${report.releaseDate})` : ''}` : 'unknown version'}</dd>
          <dt>Server name</dt>
          <dd>{report.serverName ?? 'not set in the backup'}</dd>
          <dt>Size</dt>
          <dd>
            {formatBytes(report.totalBytes)} in {plural(report.fileCount, 'file')}
            {neededBytes !== null && ` — needs a drive of at least ${formatBytes(neededBytes)}`}
          </dd>
          <dt>Boot modes</dt>
          <dd>{bootModes(report)}</dd>
          <dt>Flash label</dt>
          <dd>{flashLabel(report)}</dd>
        </dl>
      )}
      {blocking.length > 0 ? (
        <div className="problems blocking">
          <h3>This backup cannot be restored</h3>
          <TextList items={blocking.map((problem) => problem.message)} />
          <p>Choose another zip: download the backup again, or take an older one.</p>
        </div>
      ) : (
        <p className="verdict ok">This backup can be restored.</p>
      )}
      {notes.length > 0 && (
        <div className="problems notes">
          <h3>Good to know</h3>
          <TextList items={notes.map((problem) => problem.message)} />
        </div>
      )}
    </section>
  );
}

/** The label the drive gets, and the volume id when the boot entries ask for one. */
function flashLabel({ boot }: BackupReport): string {
  const serial = boot.volumeSerial ? `, volume id ${boot.volumeSerial} (unraiduuid=)` : '';
  return `${boot.label}${boot.label === DEFAULT_BOOT_LABEL ? '' : ' (unraidlabel=)'}${serial}`;
}

function bootModes({ boot }: BackupReport): string {
  const legacy = boot.legacy ? 'legacy BIOS' : 'no legacy BIOS';
  const uefi = { enabled: 'UEFI', disabled: 'UEFI turned off (can be turned on in Options)', absent: 'no UEFI' }[boot.uefi];
  return `${legacy}, ${uefi}`;
}
