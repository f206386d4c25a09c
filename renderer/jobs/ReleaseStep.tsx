// The install's first step: which Unraid to install. The release list (stable releases first,
// Next releases marked as test versions), each with its date, size, whether it is downloaded
// already and a link to its notes; or a release zip the user has (picked, or dropped on the
// window). When the list does not answer, it says so, tries again by itself, and offers the zip.
import { useState, type DragEvent } from 'react';
import type { ListedRelease, OpenedBackup, ReleaseList } from '../../shared/ipc.js';
import { Actions } from '../components/Actions.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { StepHeading } from '../components/StepHeading.js';
import { useWords } from '../i18n/format.js';
import { Field } from '../steps/SettingsFields.js';

export interface ReleaseStepProps {
  readonly list: ReleaseList | null;
  /** Why the list is not shown (it did not answer, or cannot be used); null while it loads or once it is here. */
  readonly listError: string | null;
  /** Seconds until the list is asked for again by itself; null when no retry is planned. */
  readonly retryIn: number | null;
  readonly releaseId: string | null;
  /** A zip the user opened: a release to install, or a backup (then the restore is offered). */
  readonly zip: OpenedBackup | null;
  /** The zip being read, while it is. */
  readonly opening: string | null;
  readonly error: string | null;
  readonly onChoose: (releaseId: string) => void;
  readonly onRetry: () => void;
  /** The list's address the owner chose; null for Unraid's own. */
  readonly address: string | null;
  readonly onAddress: (address: string | null) => void;
  readonly onOpenZip: () => void;
  readonly onDrop: (file: File) => void;
  readonly onRestoreInstead: () => void;
  readonly onNext: () => void;
}

export function ReleaseStep(props: ReleaseStepProps) {
  const { list, listError, retryIn, releaseId, zip, opening, error, onChoose, onRetry, address, onAddress, onOpenZip, onDrop, onRestoreInstead, onNext } = props;
  const { t } = useWords();
  const zipIsRelease = zip?.report.kind === 'release';
  const ready = zip ? zipIsRelease && zip.report.ok : releaseId !== null;
  const drop = (event: DragEvent) => {
    event.preventDefault();
    const file = event.dataTransfer.files[0];
    if (file) onDrop(file);
  };
  return (
    <section aria-labelledby="release-heading" className="step" aria-busy={opening !== null || (list === null && listError === null)} onDragOver={(event) => event.preventDefault()} onDrop={drop}>
      <StepHeading intro={t('install.release.intro')}>
        <span id="release-heading">{t('install.release.heading')}</span>
      </StepHeading>

      {list === null && listError === null && <p role="status">{t('install.release.loading')}</p>}
      {listError !== null && (
        <div className="card warning" role="alert">
          <p>{listError}</p>
          {retryIn !== null && <p>{t('install.release.retryIn', { count: retryIn })}</p>}
          <div className="buttons">
            <button type="button" className="secondary" onClick={onRetry}>
              {t('install.release.retryNow')}
            </button>
          </div>
        </div>
      )}
      {list !== null && (
        <fieldset className="releases">
          <legend>{t('install.release.legend', { address: list.address })}</legend>
          {list.releases.length === 0 && <p>{t('install.release.none')}</p>}
          {list.releases.map((release) => (
            <ReleaseOption key={release.releaseId} release={release} checked={!zip && release.releaseId === releaseId} onChoose={onChoose} />
          ))}
        </fieldset>
      )}

      <ListAddress address={address} onAddress={onAddress} />

      <div className="card">
        <p>{t('install.release.zipHint')}</p>
        <button type="button" className="secondary" onClick={onOpenZip} disabled={opening !== null}>
          {opening !== null ? t('install.release.opening', { name: opening }) : t('install.release.zip')}
        </button>
        {zip && zipIsRelease && <p role="status">{t('install.release.zipChosen', { name: zip.report.zipName, version: zip.report.osVersion ?? '?' })}</p>}
        {zip && !zipIsRelease && (
          <div role="alert">
            <p>{t('install.release.isBackup', { name: zip.report.zipName })}</p>
            <button type="button" className="secondary" onClick={onRestoreInstead}>
              {t('install.release.restoreInstead')}
            </button>
          </div>
        )}
      </div>

      <ErrorMessage message={error} />

      <Actions why={ready ? null : t('install.release.why')}>
        <button type="button" className="primary" disabled={!ready} onClick={onNext}>
          {t('install.release.next')}
        </button>
      </Actions>
    </section>
  );
}

function ReleaseOption({ release, checked, onChoose }: { release: ListedRelease; checked: boolean; onChoose: (releaseId: string) => void }) {
  const { t, format } = useWords();
  const facts = [
    release.releaseDate === null ? null : t('install.release.released', { date: release.releaseDate }),
    release.downloadBytes === null ? null : t('install.release.size', { size: format.bytes(release.downloadBytes) }),
    release.cached ? t('install.release.cached') : null,
  ].filter((fact) => fact !== null);
  const id = `release-${release.releaseId}`;
  return (
    <div className="release-option">
      <label className="check" htmlFor={id}>
        <input id={id} type="radio" name="release" checked={checked} onChange={() => onChoose(release.releaseId)} aria-describedby={`${id}-facts`} />
        <span className="strong">{release.name}</span>
        {release.next && <span className="badge warning">{t('install.release.testVersion')}</span>}
      </label>
      <p id={`${id}-facts`} className="hint">
        {facts.join(' · ')}
        {release.verifiable ? '' : ` ${t('install.release.unverified')}`}
      </p>
      {release.notes !== null && (
        <a href={release.notes} target="_blank" rel="noreferrer">
          {t('install.release.notes', { name: release.name })}
        </a>
      )}
    </div>
  );
}

/** Where the list comes from: Unraid's own, or an address the owner gives (a mirror, a server of their own). */
function ListAddress({ address, onAddress }: { address: string | null; onAddress: (address: string | null) => void }) {
  const { t } = useWords();
  const [typed, setTyped] = useState(address ?? '');
  const chosen = typed.trim();
  return (
    <details className="card" open={address !== null}>
      <summary>{t('install.release.address.summary')}</summary>
      <Field id="release-list-address" type="url" label={t('install.release.address.label')} value={typed} problem={null} hint={t('install.release.address.hint')} onChange={setTyped} />
      <div className="buttons">
        <button type="button" className="secondary" disabled={chosen === '' || chosen === address} onClick={() => onAddress(chosen)}>
          {t('install.release.address.use')}
        </button>
        {address !== null && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setTyped('');
              onAddress(null);
            }}
          >
            {t('install.release.address.unraid')}
          </button>
        )}
      </div>
    </details>
  );
}
