// Where the back-up goes: the save dialog (offering Unraid's own name for it), and whether to leave
// the secrets out, with the plain truth about what the zip holds otherwise.
import type { BackupDestination, DriveRow } from '../../shared/ipc.js';
import { Actions, WHY_ID } from '../components/Actions.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { StepHeading } from '../components/StepHeading.js';
import { useWords } from '../i18n/format.js';
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
  readonly onStart: () => void;
}

export function SaveStep({ source, destination, withoutSecrets, choosing, starting, error, onChooseDestination, onSecretsChange, onBack, onStart }: SaveStepProps) {
  const { t } = useWords();
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
        <p className={withoutSecrets ? 'hint' : 'notice'}>{withoutSecrets ? t('jobs.save.withoutSecretsText') : t('jobs.save.secretsWarning')}</p>
      </div>

      <ErrorMessage message={error} />

      <Actions back={onBack} why={destination === null ? t('jobs.save.whyChoose') : null}>
        <button type="button" className="primary" disabled={destination === null || starting} aria-describedby={destination === null ? WHY_ID : undefined} onClick={onStart}>
          {starting ? t('confirm.starting') : t('jobs.save.start')}
        </button>
      </Actions>
    </section>
  );
}
