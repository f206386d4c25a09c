// How a copy or a back-up ends on screen: the step's frame, and the way home, or to try again, or
// the way the end's advice names (another drive, a back-up instead), which is then the primary one.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { StepHeading } from '../components/StepHeading.js';

export interface JobEndProps {
  /** The heading's id: the section is labelled by it. */
  readonly headingId: string;
  readonly heading: string;
  readonly intro: ReactNode;
  readonly onHome: () => void;
  /** Offered when the job did not succeed. */
  readonly onRetry?: () => void;
  /** The way out the advice names; primary, with Try again beside it. */
  readonly advised?: { readonly label: string; readonly onClick: () => void } | undefined;
  readonly children: ReactNode;
}

export function JobEnd({ headingId, heading, intro, onHome, onRetry, advised, children }: JobEndProps) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby={headingId} className="step">
      <StepHeading intro={intro}>
        <span id={headingId}>{heading}</span>
      </StepHeading>
      {children}
      <div className="actions">
        {onRetry ? null : <span />}
        <button type="button" className="secondary" onClick={onHome}>
          {t('jobs.home.finish')}
        </button>
        {onRetry && (
          <button type="button" className={advised ? 'secondary' : 'primary'} onClick={onRetry}>
            {t('done.retry')}
          </button>
        )}
        {advised && (
          <button type="button" className="primary" onClick={advised.onClick}>
            {advised.label}
          </button>
        )}
      </div>
    </section>
  );
}
