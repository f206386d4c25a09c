// Step 4: the last look before anything is erased. Names the drive (size, GUID, device) and what
// will go on it; a drive with a warning must be confirmed by typing its name.
import { useState } from 'react';
import { formatBytes } from '../../shared/format.js';
import { confirmsDrive, driveNameToType, type DriveRow, type OpenedBackup } from '../../shared/ipc.js';
import { Actions } from '../components/Actions.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { StepHeading } from '../components/StepHeading.js';
import { TextList } from '../components/TextList.js';

export interface ConfirmStepProps {
  readonly backup: OpenedBackup;
  readonly drive: DriveRow;
  /** The Options step's changes in words; empty when the backup's settings are kept. */
  readonly changes: readonly string[];
  readonly starting: boolean;
  readonly error: string | null;
  readonly onBack: () => void;
  readonly onWrite: (confirmation: string | undefined) => void;
}

export function ConfirmStep({ backup, drive, changes, starting, error, onBack, onWrite }: ConfirmStepProps) {
  const [typed, setTyped] = useState('');
  const needsName = drive.verdict === 'warning';
  const confirmed = !needsName || confirmsDrive(typed, drive);
  const { report } = backup;
  return (
    <section aria-labelledby="confirm-heading" className="step">
      <StepHeading intro="Check the drive below. When you go on, everything on it is erased and the backup is written in its place.">
        <span id="confirm-heading">Erase this drive and write the backup?</span>
      </StepHeading>

      <div className="card target">
        <p className="drive-name big">{drive.description}</p>
        <dl className="facts">
          <dt>Size</dt>
          <dd>{formatBytes(drive.size ?? 0)}</dd>
          <dt>Flash GUID</dt>
          <dd>{drive.guid ?? `none: ${drive.noGuidReason}`}</dd>
          <dt>Device</dt>
          <dd>{drive.device}</dd>
        </dl>
        <p className="danger">Everything on this drive will be erased.</p>
      </div>

      <div className="card">
        <dl className="facts">
          <dt>Backup</dt>
          <dd>{report.zipName}</dd>
          <dt>Server</dt>
          <dd>
            {report.serverName ?? 'unnamed'}, Unraid OS {report.osVersion ?? '(unknown version)'}
          </dd>
          <dt>Settings</dt>
          <dd>{changes.length === 0 ? 'as in the backup' : changes.join('; ')}</dd>
        </dl>
      </div>

      {needsName && (
        <div className="card warning">
          <p>This drive has a warning:</p>
          <TextList items={drive.reasons.map((reason) => reason.message)} />
          <label htmlFor="confirm-name">
            To be sure it is the right drive, type its name: <strong>{driveNameToType(drive)}</strong>
          </label>
          <input id="confirm-name" type="text" value={typed} autoComplete="off" spellCheck={false} onChange={(event) => setTyped(event.target.value)} />
        </div>
      )}

      <ErrorMessage message={error} />

      <Actions back={onBack}>
        <button type="button" className="danger" disabled={!confirmed || starting} onClick={() => onWrite(needsName ? typed : undefined)}>
          {starting ? 'Starting…' : 'Erase and write'}
        </button>
      </Actions>
    </section>
  );
}
