// Where the back-up goes: the save dialog (offering Unraid's own name for it), whether to leave
// the secrets out, with the plain truth about what the zip holds otherwise, and whether to encrypt
// it (on by default while the secrets are kept), under a passphrase typed twice and strong enough.
import { useState } from 'react';
import type { BackupDestination, DriveRow } from '../../shared/ipc.js';
import { MIN_PASSPHRASE_BITS, passphraseBits } from '../../shared/passphrase-strength.js';
import { Actions, WHY_ID } from '../components/Actions.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { StepHeading } from '../components/StepHeading.js';
import { useWords } from '../i18n/format.js';
import { Field } from '../steps/SettingsFields.js';
import { flashText } from './SourceStep.js';

export interface SaveStepProps {
  readonly source: DriveRow;
  readonly destination: BackupDestination | null;
  readonly withoutSecrets: boolean;
  readonly choosing: boolean;
  readonly starting: boolean;
  readonly error: string | null;
  readonly onChooseDestination: () => void;
  readonly onSecretsChange: (withoutSecrets: boolean) => void;
  readonly onBack: () => void;
  /** Starts the back-up, encrypted under the passphrase when one is given. */
  readonly onStart: (passphrase: string | null) => void;
}

export function SaveStep({ source, destination, withoutSecrets, choosing, starting, error, onChooseDestination, onSecretsChange, onBack, onStart }: SaveStepProps) {
  const { t } = useWords();
  /** The owner's choice; until they make one, encrypted exactly when the secrets are kept. */
  const [encryptChoice, setEncryptChoice] = useState<boolean | null>(null);
  const encrypt = encryptChoice ?? !withoutSecrets;
  const [passphrase, setPassphrase] = useState('');
  const [repeated, setRepeated] = useState('');
  const bits = passphraseBits(passphrase);
  const passphraseReady = bits >= MIN_PASSPHRASE_BITS && repeated === passphrase;
  const why = destination === null ? t('jobs.save.whyChoose') : encrypt && !passphraseReady ? t('jobs.save.whyPassphrase') : null;
  return (
    <section aria-labelledby="save-heading" className="step">
      <StepHeading intro={t('jobs.save.intro', { drive: source.description })}>
        <span id="save-heading">{t('jobs.save.heading')}</span>
      </StepHeading>

      <div className="card">
        <p className="drive-name">{source.description}</p>
        <p>{flashText(t, source.flash)}</p>
      </div>

      <div className="card">
        <p>{destination ? t('jobs.save.savingTo', { path: destination.path }) : t('jobs.save.notChosen')}</p>
        <button type="button" className="secondary" disabled={choosing} onClick={onChooseDestination}>
          {destination ? t('jobs.save.chooseOther') : t('jobs.save.choose')}
        </button>
      </div>

      {/* Leaving the secrets out is a choice; keeping them is the one that needs care (amber). */}
      <div className="card">
        <label className="check">
          <input type="checkbox" checked={withoutSecrets} onChange={(event) => onSecretsChange(event.target.checked)} />
          {t('jobs.save.withoutSecrets')}
        </label>
        <p className={withoutSecrets || encrypt ? 'hint' : 'notice'}>{withoutSecrets ? t('jobs.save.withoutSecretsText') : t('jobs.save.secretsWarning')}</p>
      </div>

      <div className="card">
        <label className="check">
          <input type="checkbox" checked={encrypt} onChange={(event) => setEncryptChoice(event.target.checked)} />
          {t('jobs.save.encrypt')}
        </label>
        <p className="hint">{t('jobs.save.encryptText')}</p>
        {encrypt && (
          <>
            <Field id="backup-new-passphrase" type="new-secret" label={t('jobs.save.passphrase')} value={passphrase} onChange={setPassphrase}
              problem={passphrase !== '' && bits < MIN_PASSPHRASE_BITS ? t('jobs.save.weak', { count: bits, needed: MIN_PASSPHRASE_BITS }) : null}
              hint={passphrase === '' ? t('jobs.save.passphraseHint') : t('jobs.save.strong', { count: bits })} />
            <Field id="backup-repeat-passphrase" type="new-secret" label={t('jobs.save.repeat')} value={repeated} onChange={setRepeated}
              problem={repeated !== '' && repeated !== passphrase ? t('jobs.save.mismatch') : null} />
          </>
        )}
      </div>

      <ErrorMessage message={error} />

      <Actions back={onBack} why={why}>
        <button type="button" className="primary" disabled={why !== null || starting} aria-describedby={why !== null ? WHY_ID : undefined} onClick={() => onStart(encrypt ? passphrase : null)}>
          {starting ? t('confirm.starting') : t('jobs.save.start')}
        </button>
      </Actions>
    </section>
  );
}
