// The bar of buttons at the foot of a step, kept on screen while the step scrolls: Back on the
// left, the way forward on the right, and, when the way forward is closed, why (beside it, and
// read out with it: the forward button names the sentence by WHY_ID in aria-describedby).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** The id of the sentence that says why the way forward is closed. */
export const WHY_ID = 'actions-why';

export function Actions({ back, backDisabled, why, children }: { back?: () => void; backDisabled?: boolean; why?: string | null; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="actions">
      {back ? (
        <button type="button" className="secondary" onClick={back} disabled={backDisabled}>
          {t('actions.back')}
        </button>
      ) : (
        <span />
      )}
      <div className="forward">
        {why && (
          <p id={WHY_ID} className="why">
            {why}
          </p>
        )}
        {children}
      </div>
    </div>
  );
}
