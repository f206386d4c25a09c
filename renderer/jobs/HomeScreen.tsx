// The first screen: the three jobs. Restore goes into the restore wizard; copy and back up read an
// old flash from the drive list.
import { StepHeading } from '../components/StepHeading.js';
import { useWords } from '../i18n/format.js';

export type JobChoice = 'restore' | 'copy' | 'backup';

const JOBS: readonly JobChoice[] = ['restore', 'copy', 'backup'];

export function HomeScreen({ onChoose }: { onChoose: (job: JobChoice) => void }) {
  const { t } = useWords();
  return (
    <section aria-labelledby="home-heading" className="step">
      <StepHeading intro={t('jobs.home.intro')}>
        <span id="home-heading">{t('jobs.home.heading')}</span>
      </StepHeading>
      <ul className="job-choices">
        {JOBS.map((job) => (
          <li key={job}>
            <button type="button" className="job-choice" aria-describedby={`job-${job}-text`} onClick={() => onChoose(job)}>
              {t(`jobs.home.${job}`)}
            </button>
            <p id={`job-${job}-text`} className="hint">
              {t(`jobs.home.${job}Text`)}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
