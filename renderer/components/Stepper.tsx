// Where the user is in the wizard: the six steps, the current one marked for screen readers too,
// and the Write step marked when the write did not succeed.
import { useTranslation } from 'react-i18next';
import { STEPS, type StepId } from '../wizard.js';

export function Stepper({ current, writeFailed }: { current: StepId; writeFailed: boolean }) {
  const { t } = useTranslation();
  const currentIndex = STEPS.findIndex((step) => step.id === current);
  const mark = (id: StepId, index: number) => (id === 'write' && writeFailed ? '✕' : index < currentIndex ? '✓' : index + 1);
  return (
    <nav aria-label={t('steps.label')} className="stepper">
      <ol>
        {STEPS.map((step, index) => (
          <li
            key={step.id}
            aria-current={index === currentIndex ? 'step' : undefined}
            className={step.id === 'write' && writeFailed ? 'failed' : index < currentIndex ? 'done' : index === currentIndex ? 'current' : 'todo'}
          >
            <span className="number" aria-hidden="true">
              {mark(step.id, index)}
            </span>
            <span className="title">
              {t(`steps.${step.id}`)}
              {step.id === 'write' && writeFailed && <span className="visually-hidden">{t('steps.notFinished')}</span>}
            </span>
          </li>
        ))}
      </ol>
    </nav>
  );
}
