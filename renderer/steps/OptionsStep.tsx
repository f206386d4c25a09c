// Step 3: options, folded away: the new drive gets the backup's own settings unless the user opens
// this and changes something. Only what differs from the backup is ever written.
import { useState } from 'react';
import { bootLabelProblem } from '../../shared/boot-label.js';
import { NETWORK_FIELD_NAMES, networkFieldProblem, serverNameProblem, type NetworkSettings, type OpenedBackup } from '../../shared/ipc.js';
import { Actions } from '../components/Actions.js';
import { StepHeading } from '../components/StepHeading.js';
import { bootLabelsDiffer, changedSettings, type Choices } from '../wizard.js';

export interface OptionsStepProps {
  readonly backup: OpenedBackup;
  readonly choices: Choices;
  readonly onChange: (choices: Partial<Choices>) => void;
  readonly onBack: () => void;
  readonly onNext: () => void;
}

export function OptionsStep({ backup, choices, onChange, onBack, onNext }: OptionsStepProps) {
  const { settings } = backup;
  const changes = changeList(backup, choices);
  const nameProblem = settings.serverName !== null && choices.serverName !== settings.serverName ? serverNameProblem(choices.serverName) : null;
  const labelProblem = settings.bootLabel !== null && choices.bootLabel !== settings.bootLabel ? bootLabelProblem(choices.bootLabel) : null;
  const networkProblems = choices.network ? addressProblems(choices.network) : [];
  const valid = nameProblem === null && labelProblem === null && networkProblems.every(([, problem]) => problem === null);
  const [open, setOpen] = useState(changes.length > 0);
  return (
    <section aria-labelledby="options-heading" className="step">
      <StepHeading intro="Nothing needs changing here: the new drive starts the server exactly as the backup left it. Open the options only if you want it different.">
        <span id="options-heading">Options</span>
      </StepHeading>

      <p className="summary" role="status">
        {changes.length === 0 ? 'Keeping every setting from the backup.' : `Changing: ${changes.join('; ')}.`}
      </p>

      <details className="options" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>Change boot or network settings</summary>

        <fieldset>
          <legend>Boot</legend>
          <label className="check">
            <input type="checkbox" checked={choices.uefi} disabled={!settings.uefiSwitchable} onChange={(event) => onChange({ uefi: event.target.checked })} />
            Allow UEFI boot
          </label>
          <p className="hint">
            {settings.uefiSwitchable
              ? `The backup has UEFI boot ${settings.uefi ? 'on' : 'off'}. Turn it on for servers that start in UEFI mode; legacy BIOS servers do not need it.`
              : 'The backup has no EFI folder, so the drive cannot boot in UEFI mode.'}
          </p>
          {settings.bootLabel === null ? (
            <p className="hint">The backup’s syslinux files have no boot entries, so the flash label cannot be set here; the drive is labelled UNRAID.</p>
          ) : (
            <Field
              label="Flash label"
              value={choices.bootLabel}
              problem={labelProblem}
              hint={`From the backup: ${settings.bootLabel}. Unraid finds its flash drive by this label (a server in a virtual machine often uses UNRAID-VM); a new one is set on every boot entry.`}
              onChange={(bootLabel) => onChange({ bootLabel: bootLabel.toUpperCase() })}
            />
          )}
          {settings.bootLabel !== null && bootLabelsDiffer(backup) && (
            <label className="check">
              <input type="checkbox" checked={choices.unifyBootLabel} onChange={(event) => onChange({ unifyBootLabel: event.target.checked })} />
              Set this label on every boot entry (the backup’s entries name different labels)
            </label>
          )}
        </fieldset>

        <fieldset>
          <legend>Server</legend>
          {settings.serverName === null ? (
            <p className="hint">The backup has no config/ident.cfg with a name, so it cannot be changed here.</p>
          ) : (
            <Field label="Server name" value={choices.serverName} problem={nameProblem} hint={`From the backup: ${settings.serverName}.`} onChange={(serverName) => onChange({ serverName })} />
          )}
        </fieldset>

        <fieldset>
          <legend>Network (first interface)</legend>
          {choices.network === null ? (
            <p className="hint">The backup has no config/network.cfg settings this app can change safely; the server keeps its own.</p>
          ) : (
            <NetworkFields network={choices.network} problems={networkProblems} onChange={(network) => onChange({ network })} />
          )}
        </fieldset>
      </details>

      <Actions back={onBack}>
        <button type="button" className="primary" onClick={onNext} disabled={!valid}>
          Next: check and confirm
        </button>
      </Actions>
    </section>
  );
}

type AddressField = keyof typeof NETWORK_FIELD_NAMES;

function addressProblems(network: NetworkSettings): [AddressField, string | null][] {
  return (Object.keys(NETWORK_FIELD_NAMES) as AddressField[]).map((field) => [field, networkFieldProblem(network, field)]);
}

function NetworkFields({ network, problems, onChange }: { network: NetworkSettings; problems: [AddressField, string | null][]; onChange: (network: NetworkSettings) => void }) {
  return (
    <>
      <div role="radiogroup" aria-label="How the server gets its address" className="choices">
        <label className="check">
          <input type="radio" name="dhcp" checked={network.dhcp} onChange={() => onChange({ ...network, dhcp: true })} />
          Automatic (DHCP)
        </label>
        <label className="check">
          <input type="radio" name="dhcp" checked={!network.dhcp} onChange={() => onChange({ ...network, dhcp: false })} />
          Fixed address
        </label>
      </div>
      {problems.map(([field, problem]) =>
        network.dhcp && field !== 'dns' ? null : (
          <Field key={field} label={NETWORK_FIELD_NAMES[field]} value={network[field]} problem={problem} onChange={(value) => onChange({ ...network, [field]: value })} />
        ),
      )}
    </>
  );
}

function Field({ label, value, problem, hint, onChange }: { label: string; value: string; problem: string | null; hint?: string; onChange: (value: string) => void }) {
  const id = `field-${label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="text" value={value} spellCheck={false} aria-invalid={problem !== null} aria-describedby={`${id}-note`} onChange={(event) => onChange(event.target.value)} />
      <span id={`${id}-note`} className={problem ? 'field-problem' : 'hint'}>
        {problem ?? hint ?? ''}
      </span>
    </div>
  );
}

/** The changes in words, for the summary line and the Confirm step. */
export function changeList(backup: OpenedBackup, choices: Choices): string[] {
  const { settings } = backup;
  const changed = changedSettings(backup, choices);
  const list: string[] = [];
  if (settings.uefiSwitchable && choices.uefi !== settings.uefi) list.push(`UEFI boot ${choices.uefi ? 'on' : 'off'}`);
  if (changed.bootLabel !== undefined) {
    list.push(changed.bootLabel === settings.bootLabel ? `flash label ${changed.bootLabel} on every boot entry` : `flash label ${settings.bootLabel} → ${changed.bootLabel}`);
  }
  if (changed.serverName !== undefined) list.push(`server name ${settings.serverName} → ${changed.serverName}`);
  if (changed.network) list.push(changed.network.dhcp ? 'network address from DHCP' : `fixed network address ${changed.network.address}`);
  return list;
}
