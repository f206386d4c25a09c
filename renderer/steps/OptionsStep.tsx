// Step 3: options, folded away: the new drive gets the backup's own settings unless the user opens
// this and changes something. Only what differs from the backup is ever written.
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { bootLabelProblem } from '../../shared/boot-label.js';
import type { AnyMessage } from '../../shared/message.js';
import { serverNameProblem, type AddressField, type OpenedBackup } from '../../shared/ipc.js';
import { Actions } from '../components/Actions.js';
import { StepHeading } from '../components/StepHeading.js';
import { useWords } from '../i18n/format.js';
import { addressProblems, Field, NetworkFields, WifiFields } from './SettingsFields.js';
import { wifiChoiceProblem } from '../wifi-choice.js';
import { bootLabelsDiffer, changedSettings, type Choices } from '../wizard.js';

export interface OptionsStepProps {
  readonly backup: OpenedBackup;
  readonly choices: Choices;
  readonly onChange: (choices: Partial<Choices>) => void;
  readonly onBack: () => void;
  readonly onNext: () => void;
}

export function OptionsStep({ backup, choices, onChange, onBack, onNext }: OptionsStepProps) {
  const { t, word } = useWords();
  const { settings } = backup;
  const changes = changeList(t, backup, choices);
  const worded = (problem: AnyMessage | null) => (problem === null ? null : word(problem));
  const nameProblem = settings.serverName !== null && choices.serverName !== settings.serverName ? worded(serverNameProblem(choices.serverName)) : null;
  const labelProblem = settings.bootLabel !== null && choices.bootLabel !== settings.bootLabel ? worded(bootLabelProblem(choices.bootLabel)) : null;
  const networkProblems = choices.network ? addressProblems(choices.network).map(([field, problem]): [AddressField, string | null] => [field, worded(problem)]) : [];
  const valid = nameProblem === null && labelProblem === null && networkProblems.every(([, problem]) => problem === null) && wifiChoiceProblem(choices.wifi) === null;
  const [open, setOpen] = useState(changes.length > 0);
  return (
    <section aria-labelledby="options-heading" className="step">
      <StepHeading intro={t('options.intro')}>
        <span id="options-heading">{t('options.heading')}</span>
      </StepHeading>

      <p className="summary" role="status">
        {changes.length === 0 ? t('options.keeping') : t('options.changing', { changes: changes.join(t('options.changeSeparator')) })}
      </p>

      <details className="options" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>{t('options.open')}</summary>

        <fieldset>
          <legend>{t('options.boot')}</legend>
          <label className="check">
            <input type="checkbox" checked={choices.uefi} disabled={!settings.uefiSwitchable} onChange={(event) => onChange({ uefi: event.target.checked })} />
            {t('options.allowUefi')}
          </label>
          <p className="hint">
            {settings.uefiSwitchable ? (settings.uefi ? t('options.uefiOn') : t('options.uefiOff')) : t('options.noEfi')}
          </p>
          {settings.bootLabel === null ? (
            <p className="hint">{t('options.noBootEntries')}</p>
          ) : (
            <Field
              id="field-flash-label"
              label={t('options.flashLabel')}
              value={choices.bootLabel}
              problem={labelProblem}
              hint={t('options.flashLabelHint', { label: settings.bootLabel })}
              onChange={(bootLabel) => onChange({ bootLabel: bootLabel.toUpperCase() })}
            />
          )}
          {settings.bootLabel !== null && bootLabelsDiffer(backup) && (
            <label className="check">
              <input type="checkbox" checked={choices.unifyBootLabel} onChange={(event) => onChange({ unifyBootLabel: event.target.checked })} />
              {t('options.unifyLabel')}
            </label>
          )}
        </fieldset>

        <fieldset>
          <legend>{t('options.server')}</legend>
          {settings.serverName === null ? (
            <p className="hint">{t('options.noIdent')}</p>
          ) : (
            <Field
              id="field-server-name"
              label={t('options.serverName')}
              value={choices.serverName}
              problem={nameProblem}
              hint={t('options.fromBackup', { value: settings.serverName })}
              onChange={(serverName) => onChange({ serverName })}
            />
          )}
        </fieldset>

        <fieldset>
          <legend>{t('options.network')}</legend>
          {choices.network === null ? (
            <p className="hint">{t('options.noNetwork')}</p>
          ) : (
            <NetworkFields network={choices.network} problems={networkProblems} onChange={(network) => onChange({ network })} />
          )}
        </fieldset>

        <WifiFields wifi={choices.wifi} onChange={(wifi) => onChange({ wifi })} />
      </details>

      <Actions back={onBack}>
        <button type="button" className="primary" onClick={onNext} disabled={!valid}>
          {t('options.next')}
        </button>
      </Actions>
    </section>
  );
}

/** The changes in words, for the summary line and the Confirm step. */
export function changeList(t: TFunction, backup: OpenedBackup, choices: Choices): string[] {
  const { settings } = backup;
  const changed = changedSettings(backup, choices);
  const list: string[] = [];
  if (settings.uefiSwitchable && choices.uefi !== settings.uefi) list.push(choices.uefi ? t('options.change.uefiOn') : t('options.change.uefiOff'));
  if (changed.bootLabel !== undefined) {
    list.push(
      changed.bootLabel === settings.bootLabel
        ? t('options.change.labelEverywhere', { label: changed.bootLabel })
        : t('options.change.label', { from: settings.bootLabel, to: changed.bootLabel }),
    );
  }
  if (changed.serverName !== undefined) list.push(t('options.change.serverName', { from: settings.serverName, to: changed.serverName }));
  if (changed.network) list.push(changed.network.dhcp ? t('options.change.dhcp') : t('options.change.fixed', { address: changed.network.address }));
  if (changed.wifi) list.push(t('install.wifi.change', { ssid: changed.wifi.ssid }));
  return list;
}
