// The install's settings: what the new server reads at its first start. Its name (Tower unless
// changed), its address (DHCP, the release's default, or fixed), Wi-Fi, and UEFI boot (on, as the
// release has it). The fields are the restore's Options step's own (SettingsFields.tsx).
import type { AddressField, NetworkSettings } from '../../shared/ipc.js';
import { serverNameProblem } from '../../shared/ipc.js';
import type { AnyMessage } from '../../shared/message.js';
import { Actions } from '../components/Actions.js';
import { StepHeading } from '../components/StepHeading.js';
import { useWords } from '../i18n/format.js';
import { addressProblems, Field, NetworkFields, WifiFields } from '../steps/SettingsFields.js';
import { wifiChoiceProblem, type WifiChoice } from '../wifi-choice.js';

export interface NewServerSettings {
  readonly serverName: string;
  readonly network: NetworkSettings;
  readonly wifi: WifiChoice;
  readonly uefi: boolean;
}

/** Whether the settings can be written as they are. */
export function settingsValid(settings: NewServerSettings): boolean {
  return serverNameProblem(settings.serverName) === null && addressProblems(settings.network).every(([, problem]) => problem === null) && wifiChoiceProblem(settings.wifi) === null;
}

export function InstallSettingsStep({ settings, onChange, onBack, onNext }: { settings: NewServerSettings; onChange: (settings: NewServerSettings) => void; onBack: () => void; onNext: () => void }) {
  const { t, word } = useWords();
  const worded = (problem: AnyMessage | null) => (problem === null ? null : word(problem));
  const networkProblems = addressProblems(settings.network).map(([field, problem]): [AddressField, string | null] => [field, worded(problem)]);
  const valid = settingsValid(settings);
  return (
    <section aria-labelledby="settings-heading" className="step">
      <StepHeading intro={t('install.settings.intro')}>
        <span id="settings-heading">{t('install.settings.heading')}</span>
      </StepHeading>

      <fieldset>
        <legend>{t('options.server')}</legend>
        <Field
          id="field-server-name"
          label={t('options.serverName')}
          value={settings.serverName}
          problem={worded(serverNameProblem(settings.serverName))}
          hint={t('install.settings.nameHint')}
          onChange={(serverName) => onChange({ ...settings, serverName })}
        />
      </fieldset>

      <fieldset>
        <legend>{t('options.network')}</legend>
        <NetworkFields network={settings.network} problems={networkProblems} onChange={(network) => onChange({ ...settings, network })} />
      </fieldset>

      <WifiFields wifi={settings.wifi} onChange={(wifi) => onChange({ ...settings, wifi })} />

      <fieldset>
        <legend>{t('options.boot')}</legend>
        <label className="check">
          <input type="checkbox" checked={settings.uefi} onChange={(event) => onChange({ ...settings, uefi: event.target.checked })} />
          {t('options.allowUefi')}
        </label>
      </fieldset>

      <Actions back={onBack} why={valid ? null : t('install.settings.why')}>
        <button type="button" className="primary" disabled={!valid} onClick={onNext}>
          {t('options.next')}
        </button>
      </Actions>
    </section>
  );
}
