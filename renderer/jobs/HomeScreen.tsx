// The first screen: the jobs as whole clickable cards (the button's area stretched over its card), each titled by the owner's situation ("My
// flash drive died and I have a backup"), and a line for the owner who has no backup. Restore goes
// into the restore wizard; repair, copy and back up read an old flash from the drive list; install takes
// a release from Unraid's list or a release zip. A zip dropped here is opened: a release is
// installed, a backup restored.
import type { DragEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { StepHeading } from '../components/StepHeading.js';
import { useWords } from '../i18n/format.js';

export type JobChoice = 'restore' | 'copy' | 'backup' | 'install' | 'repair';

const JOBS: readonly JobChoice[] = ['restore', 'copy', 'backup', 'install', 'repair'];

/** A job's title and text: the install's and the repair's are in their own parts of the catalogues. */
function jobKeys(job: JobChoice): [string, string] {
  return job === 'install' || job === 'repair' ? [`${job}.choice`, `${job}.choiceText`] : [`jobs.home.${job}`, `jobs.home.${job}Text`];
}

export interface HomeScreenProps {
  readonly onChoose: (job: JobChoice) => void;
  readonly onDrop: (file: File) => void;
  /** The dropped zip being read, while it is. */
  readonly opening: string | null;
  readonly error: string | null;
}

export function HomeScreen({ onChoose, onDrop, opening, error }: HomeScreenProps) {
  const { t } = useWords();
  const drop = (event: DragEvent) => {
    event.preventDefault();
    const file = event.dataTransfer.files[0];
    if (file) onDrop(file);
  };
  return (
    <section aria-labelledby="home-heading" className="step" aria-busy={opening !== null} onDragOver={(event) => event.preventDefault()} onDrop={drop}>
      <StepHeading intro={t('jobs.home.intro')}>
        <span id="home-heading">{t('jobs.home.heading')}</span>
      </StepHeading>
      <ul className="job-choices">
        {JOBS.map((job) => (
          <li key={job} className="job-card">
            <button type="button" className="job-choice" aria-describedby={`job-${job}-text`} onClick={() => onChoose(job)}>
              {t(jobKeys(job)[0])}
            </button>
            <p id={`job-${job}-text`} className="job-text">
              {t(jobKeys(job)[1])}
            </p>
          </li>
        ))}
      </ul>
      <p className="hint">{t('jobs.home.noBackup')}</p>
      <p className="hint" role="status">
        {opening === null ? t('install.dropHint') : t('install.release.opening', { name: opening })}
      </p>
      <ErrorMessage message={error} />
    </section>
  );
}
