// The drive about to be erased, as the Confirm steps show it: large, by what the owner recognises
// it by ("E: ‘PHOTOS’ will be erased"), then its size, GUID and device, and what its check found,
// or that it was not checked.
import type { DriveCheck, DriveRow } from '../../shared/ipc.js';
import { licenceLine } from '../../shared/licence.js';
import { capacityMessage } from '../../shared/probe.js';
import { volumesText } from '../drive-names.js';
import { useWords } from '../i18n/format.js';
import { driveBadge } from './drive-gate.js';
import { badgeKey } from './DriveOption.js';

export function DriveOnConfirm({ drive, check, heading }: { drive: DriveRow; check: DriveCheck | undefined; heading?: string }) {
  const { t, format, word, sentences } = useWords();
  const volumes = volumesText(t, drive);
  const badge = driveBadge(drive, check);
  return (
    <div className="card target">
      {heading && <h2>{heading}</h2>}
      <p className="drive-name big">{drive.description}</p>
      <p className="danger big-warning">{volumes === '' ? t('confirm.erased') : t('confirm.erasedVolumes', { volumes })}</p>
      <dl className="facts">
        <dt>{t('confirm.size')}</dt>
        <dd>{format.bytes(drive.size ?? 0)}</dd>
        <dt>{t('confirm.guid')}</dt>
        <dd>{drive.guid ?? t('confirm.noGuid', { reason: word(drive.noGuidReason) })}</dd>
        <dt>{t('confirm.device')}</dt>
        <dd>{drive.device}</dd>
        <dt>{t('confirm.check')}</dt>
        <dd className="check-outcome">
          {check === undefined ? (
            <span className="badge warning">{t('confirm.notChecked')}</span>
          ) : (
            <>
              <span className={`badge ${badge.tone}`}>{t(badgeKey(badge.key), { real: format.bytes(badge.realBytes ?? 0) })}</span>{' '}
              {sentences([check.capacity ? capacityMessage(check.capacity) : check.problem, licenceLine(check.licence)].filter((item) => item !== null))}
            </>
          )}
        </dd>
      </dl>
    </div>
  );
}
