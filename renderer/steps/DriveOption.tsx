// One row of the Drive step's list: what the owner recognises the drive by (name, size, drive
// letters or mount points with their labels, "holds data"), its device, and a badge that follows
// the drive's check once it has one. The GUID is in the chosen drive's details, not on every row.
import type { DriveCheck, DriveRow } from '../../shared/ipc.js';
import { volumesText } from '../drive-names.js';
import { useWords } from '../i18n/format.js';
import { driveBadge, type DriveBadge } from './drive-gate.js';

export function DriveOption({ drive, check, checked, onChoose }: { drive: DriveRow; check: DriveCheck | undefined; checked: boolean; onChoose: (driveId: string) => void }) {
  const refused = drive.verdict === 'refused';
  const reasonsId = `${drive.id}-reasons`;
  const { t, format, word } = useWords();
  const badge = driveBadge(drive, check);
  const volumes = volumesText(t, drive);
  const size = drive.size === null ? t('drive.sizeUnknown') : format.bytes(drive.size);
  return (
    <label className={`drive ${drive.verdict}${checked ? ' chosen' : ''}`}>
      <input type="radio" name="drive" value={drive.id} checked={checked} disabled={refused} aria-describedby={reasonsId} onChange={() => onChoose(drive.id)} />
      <span className="drive-text">
        <span className="drive-name">
          {drive.description} <span className="drive-size">{size}</span>
        </span>
        {volumes !== '' && <span className="drive-volumes">{t('drive.holdsData', { volumes })}</span>}
        <span className="drive-facts">{drive.device}</span>
        <span id={reasonsId} className="drive-verdict">
          <span className={`badge ${badge.tone}`}>{t(badgeKey(badge.key), { real: format.bytes(badge.realBytes ?? 0) })}</span>
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

/** The badge's words: the list's verdict until the drive is checked (drive.verdict.*), the check's finding after (drive.badge.*). */
export function badgeKey(key: DriveBadge['key']): string {
  return key === 'ok' || key === 'warning' || key === 'refused' ? `drive.verdict.${key}` : `drive.badge.${key}`;
}
