// The first screen: the jobs as whole clickable cards (the button's area stretched over its card), each titled by the owner's situation ("My
// flash drive died and I have a backup"), and a line for the owner who has no backup. Restore goes
// into the restore wizard; copy and back up read an old flash from the drive list.
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
          <li key={job} className="job-card">
            <button type="button" className="job-choice" aria-describedby={`job-${job}-text`} onClick={() => onChoose(job)}>
              {t(`jobs.home.${job}`)}
            </button>
            <p id={`job-${job}-text`} className="job-text">
              {t(`jobs.home.${job}Text`)}
            </p>
          </li>
        ))}
      </ul>
      <p className="hint">{t('jobs.home.noBackup')}</p>
    </section>
  );
}
