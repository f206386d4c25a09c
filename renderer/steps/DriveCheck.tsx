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
  readonly checking: boolean;
  readonly error: AnyMessage | null;
  /** Where the GUID would be sent; null until main has said. */
  readonly licenceAddress: string | null;
  readonly licenceCheck: boolean;
  readonly onLicenceCheckChange: (allowed: boolean) => void;
  readonly onCheck: () => void;
}

/** Whether the check rules the drive out: a fake or failing drive is never written. */
export function checkRulesOut(check: DriveCheck | undefined): boolean {
  return check?.capacity != null && check.capacity.verdict !== 'genuine';
}

export function DriveCheckPanel({ drive, state }: { drive: DriveRow; state: DriveCheckState }) {
  const { check, checking } = state;
  const { t, word } = useWords();
  return (
    <section className="drive-check" aria-labelledby="drive-check-heading" aria-busy={checking}>
      <h2 id="drive-check-heading">{t('check.heading', { drive: drive.description })}</h2>
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
      <button type="button" onClick={state.onCheck} disabled={checking}>
        {checking ? t('check.checking') : check ? t('check.again') : t('check.start')}
      </button>
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
