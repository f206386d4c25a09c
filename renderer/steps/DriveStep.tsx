// Step 2: the drive to write. The list updates by itself as drives come and go; drives that can
// never be written (this computer's disks, read-only ones...) are hidden behind "Show all".
import { useState } from 'react';
import type { DriveList, DriveRow } from '../../shared/ipc.js';
import { Actions } from '../components/Actions.js';
import { StepHeading } from '../components/StepHeading.js';
import { useWords } from '../i18n/format.js';
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
  /** The way forward's label; the restore's "Next: options" by default. */
  readonly nextLabel?: string;
}

export function DriveStep({ drives, driveId, driveLost, neededBytes, onChoose, onBack, onNext, checking, nextLabel }: DriveStepProps) {
  const { t, format } = useWords();
  const [showAll, setShowAll] = useState(false);
  const all = drives?.drives ?? [];
  const hidden = all.filter((drive) => drive.verdict === 'refused');
  const usable = all.filter((drive) => drive.verdict !== 'refused');
  const shown = showAll ? all : usable;
  const size = neededBytes === null ? null : format.bytes(neededBytes);
  const drivesCount = (count: number) => t('units.drives', { count });
  const chosen = all.find((drive) => drive.id === driveId && drive.verdict !== 'refused');
  const ruledOut = checkRulesOut(checking?.check);
  return (
    <section aria-labelledby="drive-heading" className="step">
      <StepHeading intro={size === null ? t('drive.intro') : t('drive.introSized', { size })}>
        <span id="drive-heading">{t('drive.heading')}</span>
      </StepHeading>

      {driveLost && (
        <p role="alert" className="notice">
          {t('drive.lost')}
        </p>
      )}

      {drives === null ? (
        <p role="status">{t('drive.looking')}</p>
      ) : (
        <fieldset className="drive-list">
          <legend>{t('drive.legend', { drives: drivesCount(shown.length) })}</legend>
          {usable.length === 0 && <p className="empty">{size === null ? t('drive.none') : t('drive.noneSized', { size })}</p>}
          {shown.map((drive) => (
            <DriveOption key={drive.id} drive={drive} checked={drive.id === driveId} onChoose={onChoose} />
          ))}
        </fieldset>
      )}

      {hidden.length > 0 && (
        <label className="show-all">
          <input type="checkbox" checked={showAll} onChange={(event) => setShowAll(event.target.checked)} />
          {showAll ? t('drive.showAllIncluding', { count: hidden.length, drives: drivesCount(hidden.length) }) : t('drive.showAllHidden', { count: hidden.length, drives: drivesCount(hidden.length) })}
        </label>
      )}

      {chosen && checking && <DriveCheckPanel drive={chosen} state={checking} />}

      <Actions back={onBack}>
        <button type="button" className="primary" onClick={onNext} disabled={driveId === null || ruledOut || checking?.checking === true}>
          {nextLabel ?? t('drive.next')}
        </button>
      </Actions>
    </section>
  );
}

function DriveOption({ drive, checked, onChoose }: { drive: DriveRow; checked: boolean; onChoose: (driveId: string) => void }) {
  const refused = drive.verdict === 'refused';
  const reasonsId = `${drive.id}-reasons`;
  const { t, format, word } = useWords();
  return (
    <label className={`drive ${drive.verdict}${checked ? ' chosen' : ''}`}>
      <input type="radio" name="drive" value={drive.id} checked={checked} disabled={refused} aria-describedby={reasonsId} onChange={() => onChoose(drive.id)} />
      <span className="drive-text">
        <span className="drive-name">{drive.description}</span>
        <span className="drive-facts">
          {drive.size === null ? t('drive.sizeUnknown') : format.bytes(drive.size)} · {drive.device} · {drive.guid ? t('drive.guid', { guid: drive.guid }) : t('drive.noGuid')}
        </span>
        <span id={reasonsId} className="drive-verdict">
          <span className={`badge ${drive.verdict}`}>{t(`drive.verdict.${drive.verdict}`)}</span>
          {drive.reasons.map((reason) => (
            <span key={reason.code} className="reason">
              {word(reason.message)}
            </span>
          ))}
        </span>
      </span>
    </label>
  );
}
