// Step 2: the drive to write. The list updates by itself as drives come and go; drives that can
// never be written (this computer's disks, read-only ones...) are hidden behind "Show all".
// With a check (the restore's and the copy's), checking the chosen drive is the way forward and
// skipping it a link beside; what the check finds decides: a fake or failing drive goes no
// further, one that cannot take the backup's licence only once the owner ticks that they know.
// The check is not started by choosing a drive: it writes to the drive and, in the app, asks for
// the administrator password, and arrowing through the list would choose every drive in turn.
import { useState } from 'react';
import type { DriveList } from '../../shared/ipc.js';
import { Actions, WHY_ID } from '../components/Actions.js';
import { StepHeading } from '../components/StepHeading.js';
import { useWords } from '../i18n/format.js';
import { DriveCheckPanel, LicenceAcknowledgement, type DriveCheckState } from './DriveCheck.js';
import { driveGate } from './drive-gate.js';
import { DriveOption } from './DriveOption.js';

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
  /** What is written holds a licence key, which a drive that cannot be licensed makes useless. */
  readonly holdsKey?: boolean;
  /** The drive was chosen for the owner, as the only usable one. */
  readonly preselected?: boolean;
}

export function DriveStep({ drives, driveId, driveLost, neededBytes, onChoose, onBack, onNext, checking, nextLabel, holdsKey = false, preselected = false }: DriveStepProps) {
  const { t, format } = useWords();
  const [showAll, setShowAll] = useState(false);
  const all = drives?.drives ?? [];
  const hidden = all.filter((drive) => drive.verdict === 'refused');
  const usable = all.filter((drive) => drive.verdict !== 'refused');
  const shown = showAll ? all : usable;
  const size = neededBytes === null ? null : format.bytes(neededBytes);
  const drivesCount = (count: number) => t('units.drives', { count });
  const chosen = all.find((drive) => drive.id === driveId && drive.verdict !== 'refused');
  const check = checking?.check;
  const gate = driveGate(chosen, check, { checking: checking?.checking === true, holdsKey, acknowledged: checking?.acknowledged === true });
  const offerCheck = checking !== undefined && chosen !== undefined && (check === undefined || checking.checking);
  const why = gate.blocked === null ? null : t(`drive.why.${gate.blocked}`);
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
            <DriveOption key={drive.id} drive={drive} check={checking?.checks[drive.id]} checked={drive.id === driveId} onChoose={onChoose} />
          ))}
        </fieldset>
      )}
      {preselected && chosen && <p className="hint preselected">{t('drive.preselected', { drive: chosen.description })}</p>}

      {hidden.length > 0 && (
        <label className="show-all">
          <input type="checkbox" checked={showAll} onChange={(event) => setShowAll(event.target.checked)} />
          {showAll ? t('drive.showAllIncluding', { count: hidden.length, drives: drivesCount(hidden.length) }) : t('drive.showAllHidden', { count: hidden.length, drives: drivesCount(hidden.length) })}
        </label>
      )}

      {chosen && checking && <DriveCheckPanel drive={chosen} state={checking} />}
      {chosen && checking && gate.needsAcknowledgement && <LicenceAcknowledgement acknowledged={checking.acknowledged} onAcknowledge={checking.onAcknowledge} />}

      <Actions back={onBack} why={why}>
        {offerCheck ? (
          <>
            <button type="button" className="link" onClick={onNext} disabled={gate.blocked !== null} aria-describedby={why ? WHY_ID : undefined}>
              {t('check.skip')}
            </button>
            <button type="button" className="primary" onClick={checking.onCheck} disabled={checking.checking}>
              {checking.checking ? t('check.checking') : t('check.start')}
            </button>
          </>
        ) : (
          <button type="button" className="primary" onClick={onNext} disabled={gate.blocked !== null} aria-describedby={why ? WHY_ID : undefined}>
            {nextLabel ?? t('drive.next')}
          </button>
        )}
      </Actions>
    </section>
  );
}
