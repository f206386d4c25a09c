// The chosen drive's check, on the Drive step: its real capacity and speed (the probe writes to
// the drive and puts back what it overwrote) and, if the user allows it, whether Lime Technology
// will license its GUID. The wizard says what is sent and to whom before anything is; the choice
// is remembered. A drive the probe found fake or failing cannot go on to be written.
import { licenceDisclosure, licenceRulesOut, licenceStatusMessage } from '../../shared/licence.js';
import type { DriveCheck, DriveRow } from '../../shared/ipc.js';
import type { AnyMessage } from '../../shared/message.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { useWords } from '../i18n/format.js';
import { capacityMessage, isSlow, speedMessage } from '../../shared/probe.js';

export interface DriveCheckState {
  /** The chosen drive's latest check; undefined until it is checked. */
  readonly check: DriveCheck | undefined;
  /** Every drive's latest check, by drive id: each row's badge follows its own. */
  readonly checks: Readonly<Record<string, DriveCheck>>;
  readonly checking: boolean;
  readonly error: AnyMessage | null;
  /** Where the GUID would be sent; null until main has said. */
  readonly licenceAddress: string | null;
  readonly licenceCheck: boolean;
  readonly onLicenceCheckChange: (allowed: boolean) => void;
  readonly onCheck: () => void;
  /** The owner ticked that they go on with the chosen drive although it cannot take the licence. */
  readonly acknowledged: boolean;
  readonly onAcknowledge: (yes: boolean) => void;
}

export function DriveCheckPanel({ drive, state }: { drive: DriveRow; state: DriveCheckState }) {
  const { check, checking } = state;
  const { t, word } = useWords();
  return (
    <section className="drive-check" aria-labelledby="drive-check-heading" aria-busy={checking}>
      <h2 id="drive-check-heading">{t('check.heading', { drive: drive.description })}</h2>
      <p className="drive-facts">{drive.guid ? t('drive.guid', { guid: drive.guid }) : t('drive.noGuid')}</p>
      <p className="drive-facts">
        {drive.isVirtual ? t('check.explain') : t('check.explainPassword')}
      </p>
      <label className="licence-choice">
        <input type="checkbox" checked={state.licenceCheck} disabled={checking} onChange={(event) => state.onLicenceCheckChange(event.target.checked)} />
        <span>
          {t('check.licence')}{' '}
          {state.licenceAddress ? word(licenceDisclosure(state.licenceAddress)) : ''}
          {drive.guid ? '' : t('check.noGuid')}
        </span>
      </label>
      {check && !checking && (
        <button type="button" className="secondary" onClick={state.onCheck}>
          {t('check.again')}
        </button>
      )}
      <ErrorMessage message={state.error && word(state.error)} />
      {check && !checking && <CheckResults check={check} />}
    </section>
  );
}

function CheckResults({ check }: { check: DriveCheck }) {
  const { capacity, licence } = check;
  const speed = capacity && capacity.verdict === 'genuine' ? speedMessage(capacity) : null;
  const { t, word } = useWords();
  return (
    <ul className="check-results" aria-label={t('check.found')}>
      <li className={capacity === null ? 'warning' : capacity.verdict === 'genuine' ? 'ok' : 'refused'}>
        <span className="check-label">{t('check.capacity')}</span> {capacity ? word(capacityMessage(capacity)) : check.problem && word(check.problem)}
      </li>
      {speed && capacity && (
        <li className={isSlow(capacity) ? 'warning' : 'ok'}>
          <span className="check-label">{t('check.speed')}</span> {word(speed)}
        </li>
      )}
      <li className={licenceRulesOut(licence) ? 'refused' : licence.status === 'valid' ? 'ok' : 'warning'}>
        <span className="check-label">{t('check.licenceLabel')}</span> {word(licenceStatusMessage(licence))}
      </li>
    </ul>
  );
}

/** The owner's tick that they go on with a drive that cannot take the backup's licence (no GUID, or refused). */
export function LicenceAcknowledgement({ acknowledged, onAcknowledge }: { acknowledged: boolean; onAcknowledge: (yes: boolean) => void }) {
  const { t } = useWords();
  return (
    <div className="card failed licence-ack">
      <p>{t('check.noLicence')}</p>
      <label className="check">
        <input type="checkbox" checked={acknowledged} onChange={(event) => onAcknowledge(event.target.checked)} />
        {t('check.acknowledge')}
      </label>
    </div>
  );
}
