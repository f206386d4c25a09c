// The fields a server's settings are typed into, shared by the restore's Options step and the
// install's Settings step: one text field with its problem or hint, the address (DHCP or fixed),
// and Wi-Fi (network, security, password, country), with the sentence that the password is
// written in plain text and encrypted by the server at its first start.
import { ADDRESS_FIELDS, networkFieldProblem, type AddressField, type NetworkSettings } from '../../shared/ipc.js';
import type { AnyMessage } from '../../shared/message.js';
import { WIFI_SECURITIES, type WifiSecurity } from '../../shared/wifi.js';
import { wifiChoiceProblem, type WifiChoice } from '../wifi-choice.js';
import { useWords } from '../i18n/format.js';

export function addressProblems(network: NetworkSettings): [AddressField, AnyMessage | null][] {
  return ADDRESS_FIELDS.map((field) => [field, networkFieldProblem(network, field)]);
}

export function NetworkFields({ network, problems, onChange }: { network: NetworkSettings; problems: [AddressField, string | null][]; onChange: (network: NetworkSettings) => void }) {
  const { t } = useWords();
  return (
    <>
      <div role="radiogroup" aria-label={t('options.addressBy')} className="choices">
        <label className="check">
          <input type="radio" name="dhcp" checked={network.dhcp} onChange={() => onChange({ ...network, dhcp: true })} />
          {t('options.dhcp')}
        </label>
        <label className="check">
          <input type="radio" name="dhcp" checked={!network.dhcp} onChange={() => onChange({ ...network, dhcp: false })} />
          {t('options.fixed')}
        </label>
      </div>
      {problems.map(([field, problem]) =>
        network.dhcp && field !== 'dns' ? null : (
          <Field key={field} id={`field-${field}`} label={t(`options.field.${field}`)} value={network[field]} problem={problem} onChange={(value) => onChange({ ...network, [field]: value })} />
        ),
      )}
    </>
  );
}

export function WifiFields({ wifi, onChange }: { wifi: WifiChoice; onChange: (wifi: WifiChoice) => void }) {
  const { t, word } = useWords();
  const problem = wifiChoiceProblem(wifi);
  return (
    <fieldset>
      <legend>{t('install.wifi.legend')}</legend>
      <label className="check">
        <input type="checkbox" checked={wifi.on} onChange={(event) => onChange({ ...wifi, on: event.target.checked })} />
        {t('install.wifi.use')}
      </label>
      {wifi.on && (
        <>
          <Field id="field-wifi-ssid" label={t('install.wifi.ssid')} value={wifi.ssid} problem={null} onChange={(ssid) => onChange({ ...wifi, ssid })} />
          <div role="radiogroup" aria-label={t('install.wifi.security')} className="choices">
            {WIFI_SECURITIES.map((security: WifiSecurity) => (
              <label key={security} className="check">
                <input type="radio" name="wifi-security" checked={wifi.security === security} onChange={() => onChange({ ...wifi, security })} />
                {t(`install.wifi.${security}`)}
              </label>
            ))}
          </div>
          {wifi.security !== 'open' && (
            <Field id="field-wifi-password" label={t('install.wifi.password')} value={wifi.password} problem={null} hint={t('install.wifi.plainText')} onChange={(password) => onChange({ ...wifi, password })} />
          )}
          <Field id="field-wifi-country" label={t('install.wifi.country')} value={wifi.country} problem={null} onChange={(country) => onChange({ ...wifi, country: country.toUpperCase() })} />
          <p role="status" className={problem ? 'field-problem' : 'hint'}>
            {problem ? word(problem) : t('install.wifi.ready', { ssid: wifi.ssid })}
          </p>
        </>
      )}
    </fieldset>
  );
}

export function Field({ id, label, value, problem, hint, type = 'text', onChange }: {
  id: string; label: string; value: string; problem: string | null; hint?: string;
  /** A secret is typed unseen, and offered to no password manager to fill. */
  type?: 'text' | 'url' | 'new-secret' | 'secret';
  onChange: (value: string) => void;
}) {
  const secret = type === 'new-secret' || type === 'secret';
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type={secret ? 'password' : type} autoComplete={type === 'new-secret' ? 'new-password' : secret ? 'off' : undefined} value={value} spellCheck={false} aria-invalid={problem !== null} aria-describedby={`${id}-note`} onChange={(event) => onChange(event.target.value)} />
      <span id={`${id}-note`} className={problem ? 'field-problem' : 'hint'} aria-live="polite">
        {problem ?? hint ?? ''}
      </span>
    </div>
  );
}
