// The old flash to copy, back up or repair, from the drive list: Unraid flashes show their server name,
// version and GUID. A drive not read yet (in the app, reading needs the administrator password) is
// read when the user asks; one that is not an Unraid flash says why and cannot go on.
import type { TFunction } from 'i18next';
import type { DriveList, DriveRow } from '../../shared/ipc.js';
import type { ListedFlash } from '../../shared/flash-source.js';
import { Actions, WHY_ID } from '../components/Actions.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { StepHeading } from '../components/StepHeading.js';
import { wordMessage } from '../i18n/engine.js';
import { useWords } from '../i18n/format.js';
import { sourceCandidates, sourceReady, type JobKind } from './jobs.js';

/** Each job's words for this step: its intro, and the way on. */
const WORDS: Record<JobKind | 'repair', { readonly intro: string; readonly next: string }> = {
  copy: { intro: 'jobs.source.introCopy', next: 'jobs.source.nextCopy' },
  backup: { intro: 'jobs.source.introBackup', next: 'jobs.source.nextBackup' },
  repair: { intro: 'repair.source.intro', next: 'repair.source.next' },
};

export interface SourceStepProps {
  readonly kind: JobKind | 'repair';
  readonly drives: DriveList | null;
  readonly sourceId: string | null;
  readonly reading: boolean;
  readonly error: string | null;
  readonly onChoose: (driveId: string) => void;
  readonly onRead: (driveId: string) => void;
  readonly onBack: () => void;
  readonly onNext: () => void;
}

export function SourceStep({ kind, drives, sourceId, reading, error, onChoose, onRead, onBack, onNext }: SourceStepProps) {
  const { t } = useWords();
  const candidates = sourceCandidates(drives);
  const chosen = candidates.find((drive) => drive.id === sourceId);
  const unread = chosen && (chosen.flash === null || chosen.flash.state === 'labelled' || chosen.flash.state === 'unreadable');
  const why = reading || sourceReady(chosen) ? null : !chosen ? t('drive.why.choose') : unread ? t('jobs.source.whyRead') : t('jobs.source.whyNotUnraid');
  return (
    <section aria-labelledby="source-heading" className="step">
      <StepHeading intro={t(WORDS[kind].intro)}>
        <span id="source-heading">{t('jobs.source.heading')}</span>
      </StepHeading>
      {drives === null ? (
        <p role="status">{t('drive.looking')}</p>
      ) : (
        <fieldset className="drive-list">
          <legend>{t('jobs.source.legend', { drives: t('units.drives', { count: candidates.length }) })}</legend>
          {candidates.length === 0 && <p className="empty">{t('jobs.source.none')}</p>}
          {candidates.map((drive) => (
            <SourceOption key={drive.id} drive={drive} checked={drive.id === sourceId} onChoose={onChoose} />
          ))}
        </fieldset>
      )}
      {chosen && unread && (
        <div className="card">
          <p>{t('jobs.source.readFirst')}</p>
          <button type="button" className="secondary" disabled={reading} onClick={() => onRead(chosen.id)}>
            {reading ? t('jobs.source.reading') : t('jobs.source.read')}
          </button>
        </div>
      )}
      <ErrorMessage message={error} />
      <Actions back={onBack} why={why}>
        <button type="button" className="primary" disabled={!sourceReady(chosen) || reading} aria-describedby={why ? WHY_ID : undefined} onClick={onNext}>
          {t(WORDS[kind].next)}
        </button>
      </Actions>
    </section>
  );
}

function SourceOption({ drive, checked, onChoose }: { drive: DriveRow; checked: boolean; onChoose: (driveId: string) => void }) {
  const { t, format } = useWords();
  const aboutId = `${drive.id}-flash`;
  return (
    <label className={`drive${checked ? ' chosen' : ''}`}>
      <input type="radio" name="source" value={drive.id} checked={checked} aria-describedby={aboutId} onChange={() => onChoose(drive.id)} />
      <span className="drive-text">
        <span className="drive-name">{drive.description}</span>
        <span className="drive-facts">
          {format.bytes(drive.size ?? 0)} · {drive.device} · {drive.guid ? t('drive.guid', { guid: drive.guid }) : t('drive.noGuid')}
        </span>
        <span id={aboutId} className="drive-verdict">
          <span className={`badge ${drive.flash?.state === 'unraid' ? 'ok' : drive.flash?.state === 'not-unraid' || drive.flash?.state === 'unreadable' ? 'refused' : 'warning'}`}>
            {t(`jobs.source.state.${drive.flash?.state ?? 'unknown'}`)}
          </span>
          <span className="reason">{flashText(t, drive.flash)}</span>
        </span>
      </span>
    </label>
  );
}

/** What the list says about a drive as an Unraid flash. */
export function flashText(t: TFunction, flash: ListedFlash | null): string {
  switch (flash?.state) {
    case 'unraid':
      return t('jobs.source.server', { server: flash.server ?? t('confirm.unnamed'), version: flash.version ?? t('confirm.unknownVersion') });
    case 'labelled':
      return t('jobs.source.labelled');
    case 'not-unraid':
      return t('jobs.source.notUnraid', { reasons: flash.reasons.map((reason) => wordMessage(t, reason)) });
    case 'unreadable':
      return wordMessage(t, flash.message);
    case undefined:
      return t('jobs.source.unknown');
  }
}
