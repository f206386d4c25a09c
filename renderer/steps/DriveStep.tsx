// Step 2: the drive to write. The list updates by itself as drives come and go; drives that can
// never be written (this computer's disks, read-only ones...) are hidden behind "Show all".
import { useState } from 'react';
import type { DriveVerdict } from '../../shared/drives.js';
import { formatBytes, plural } from '../../shared/format.js';
import type { DriveList, DriveRow } from '../../shared/ipc.js';
import { Actions } from '../components/Actions.js';
import { StepHeading } from '../components/StepHeading.js';
import { checkRulesOut, DriveCheckPanel, type DriveCheckState } from './DriveCheck.js';

export interface DriveStepProps {
  readonly drives: DriveList | null;
  readonly driveId: string | null;
  readonly driveLost: boolean;
  readonly neededBytes: number | null;
  readonly onChoose: (driveId: string) => void;
  readonly onBack: () => void;
  readonly onNext: () => void;
  /** The chosen drive's check (capacity, speed, licence); no check panel without it. */
  readonly checking?: DriveCheckState;
}

const VERDICT_LABELS: Record<DriveVerdict, string> = {
  ok: 'Good choice',
  warning: 'Usable, but read this',
  refused: 'Cannot be used',
};

export function DriveStep({ drives, driveId, driveLost, neededBytes, onChoose, onBack, onNext, checking }: DriveStepProps) {
  const [showAll, setShowAll] = useState(false);
  const all = drives?.drives ?? [];
  const hidden = all.filter((drive) => drive.verdict === 'refused');
  const usable = all.filter((drive) => drive.verdict !== 'refused');
  const shown = showAll ? all : usable;
  const need = neededBytes === null ? '' : ` of at least ${formatBytes(neededBytes)}`;
  const chosen = all.find((drive) => drive.id === driveId && drive.verdict !== 'refused');
  const ruledOut = checkRulesOut(checking?.check);
  return (
    <section aria-labelledby="drive-heading" className="step">
      <StepHeading intro={`Plug in the USB flash drive${need} that will become the server’s new boot drive, and choose it here. Everything on it will be erased.`}>
        <span id="drive-heading">Choose the new flash drive</span>
      </StepHeading>

      {driveLost && (
        <p role="alert" className="notice">
          The drive you chose is no longer in the list (it was unplugged, or can no longer be used). Choose a drive again.
        </p>
      )}

      {drives === null ? (
        <p role="status">Looking for drives…</p>
      ) : (
        <fieldset className="drive-list">
          <legend>Drives ({plural(shown.length, 'drive')} shown; the list updates when you plug a drive in or out)</legend>
          {usable.length === 0 && <p className="empty">No usable drive is plugged in. Plug in a USB flash drive{need}; it will appear here by itself.</p>}
          {shown.map((drive) => (
            <DriveOption key={drive.id} drive={drive} checked={drive.id === driveId} onChoose={onChoose} />
          ))}
        </fieldset>
      )}

      {hidden.length > 0 && (
        <label className="show-all">
          <input type="checkbox" checked={showAll} onChange={(event) => setShowAll(event.target.checked)} />
          Show all drives{showAll ? `, including ${plural(hidden.length, 'drive')} that cannot be used` : ` (${plural(hidden.length, 'drive')} that cannot be used ${hidden.length === 1 ? 'is' : 'are'} hidden)`}
        </label>
      )}

      {chosen && checking && <DriveCheckPanel drive={chosen} state={checking} />}

      <Actions back={onBack}>
        <button type="button" className="primary" onClick={onNext} disabled={driveId === null || ruledOut || checking?.checking === true}>
          Next: options
        </button>
      </Actions>
    </section>
  );
}

function DriveOption({ drive, checked, onChoose }: { drive: DriveRow; checked: boolean; onChoose: (driveId: string) => void }) {
  const refused = drive.verdict === 'refused';
  const reasonsId = `${drive.id}-reasons`;
  return (
    <label className={`drive ${drive.verdict}${checked ? ' chosen' : ''}`}>
      <input type="radio" name="drive" value={drive.id} checked={checked} disabled={refused} aria-describedby={reasonsId} onChange={() => onChoose(drive.id)} />
      <span className="drive-text">
        <span className="drive-name">{drive.description}</span>
        <span className="drive-facts">
          {drive.size === null ? 'size unknown' : formatBytes(drive.size)} · {drive.device} · {drive.guid ? `GUID ${drive.guid}` : 'no GUID'}
        </span>
        <span id={reasonsId} className="drive-verdict">
          <span className={`badge ${drive.verdict}`}>{VERDICT_LABELS[drive.verdict]}</span>
          {drive.reasons.map((reason) => (
            <span key={reason.code} className="reason">
              {reason.message}
            </span>
          ))}
        </span>
      </span>
    </label>
  );
}
