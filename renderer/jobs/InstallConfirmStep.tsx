// The install's last look before the drive is erased: what is installed, with which settings, onto
// which drive; for a drive with a warning, its name typed by the user.
import type { DriveCheck, DriveRow } from '../../shared/ipc.js';
import { StepHeading } from '../components/StepHeading.js';
import { useWords } from '../i18n/format.js';
import { EraseConfirmation } from '../steps/EraseConfirmation.js';
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
  const { t } = useWords();
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

      <EraseConfirmation drive={drive} inputId="install-confirm-name" blocked={blocked} starting={starting} error={error} label={t('install.confirm.install')} onBack={onBack} onErase={onInstall} />
    </section>
  );
}
