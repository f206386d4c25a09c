// Where the user is in a job: its steps, the current one marked for screen readers too, and the
// step of the write (or copy, or back-up) marked when it did not succeed.
import { useTranslation } from 'react-i18next';

export interface StepperStep {
  readonly id: string;
  readonly title: string;
}

export function Stepper({ steps, current, failedStep }: { steps: readonly StepperStep[]; current: string; failedStep: string | null }) {
  const { t } = useTranslation();
  const currentIndex = steps.findIndex((step) => step.id === current);
  const mark = (id: string, index: number) => (id === failedStep ? '✕' : index < currentIndex ? '✓' : index + 1);
  return (
    <nav aria-label={t('steps.label')} className="stepper">
      <ol>
        {steps.map((step, index) => (
          <li
            key={step.id}
            aria-current={index === currentIndex ? 'step' : undefined}
            className={step.id === failedStep ? 'failed' : index < currentIndex ? 'done' : index === currentIndex ? 'current' : 'todo'}
          >
            <span className="number" aria-hidden="true">
              {mark(step.id, index)}
            </span>
            <span className="title">
              {step.title}
              {step.id === failedStep && <span className="visually-hidden">{t('steps.notFinished')}</span>}
            </span>
          </li>
        ))}
      </ol>
    </nav>
  );
}
