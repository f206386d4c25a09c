// The install's last look before the drive is erased: what is installed, with which settings, onto
// which drive; for a drive with a warning, its name typed by the user.
import { useState } from 'react';
import { confirmsDrive, driveNameToType, type DriveCheck, type DriveRow } from '../../shared/ipc.js';
import { Actions, WHY_ID } from '../components/Actions.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { StepHeading } from '../components/StepHeading.js';
import { TextList } from '../components/TextList.js';
import { useWords } from '../i18n/format.js';
import { DriveOnConfirm } from '../steps/DriveOnConfirm.js';
import type { NewServerSettings } from './InstallSettingsStep.js';

export interface InstallConfirmStepProps {
  /** "Unraid 7.2.1", or the zip's name. */
  readonly release: string;
  readonly settings: NewServerSettings;
  readonly drive: DriveRow;
  readonly check?: DriveCheck | undefined;
  readonly blocked?: string | null;
  readonly starting: boolean;
  readonly error: string | null;
  readonly onBack: () => void;
  readonly onInstall: (confirmation: string | undefined) => void;
}

export function InstallConfirmStep({ release, settings, drive, check, blocked = null, starting, error, onBack, onInstall }: InstallConfirmStepProps) {
  const { t, word } = useWords();
  const [typed, setTyped] = useState('');
  const needsName = drive.verdict === 'warning';
  const confirmed = !needsName || confirmsDrive(typed, drive);
  const { network, wifi } = settings;
  return (
    <section aria-labelledby="install-confirm-heading" className="step">
      <StepHeading intro={t('install.confirm.intro', { release })}>
        <span id="install-confirm-heading">{t('install.confirm.heading')}</span>
      </StepHeading>

      <div className="card">
        <dl className="facts">
          <dt>{t('install.confirm.release')}</dt>
          <dd>{release}</dd>
          <dt>{t('options.serverName')}</dt>
          <dd>{settings.serverName}</dd>
          <dt>{t('options.network')}</dt>
          <dd>{network.dhcp ? t('options.dhcp') : network.address}</dd>
          <dt>{t('install.wifi.legend')}</dt>
          <dd>{wifi.on ? wifi.ssid : t('install.confirm.noWifi')}</dd>
        </dl>
      </div>

      <DriveOnConfirm drive={drive} check={check} />

      {needsName && (
        <div className="card warning">
          <p>{t('confirm.warning')}</p>
          <TextList items={drive.reasons.map((reason) => word(reason.message))} />
          <label htmlFor="install-confirm-name">
            {t('confirm.typeName')} <strong>{driveNameToType(drive)}</strong>
          </label>
          <input id="install-confirm-name" type="text" value={typed} autoComplete="off" spellCheck={false} onChange={(event) => setTyped(event.target.value)} />
        </div>
      )}

      <ErrorMessage message={error} />

      <Actions back={onBack} why={blocked ?? (confirmed ? null : t('confirm.whyType'))}>
        <button type="button" className="danger" disabled={!confirmed || starting || blocked !== null} aria-describedby={blocked !== null || !confirmed ? WHY_ID : undefined} onClick={() => onInstall(needsName ? typed : undefined)}>
          {starting ? t('confirm.starting') : t('install.confirm.install')}
        </button>
      </Actions>
    </section>
  );
}
