// The row of buttons at the foot of a step: Back on the left, the way forward on the right.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function Actions({ back, children }: { back?: () => void; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="actions">
      {back ? (
        <button type="button" className="secondary" onClick={back}>
          {t('actions.back')}
        </button>
      ) : (
        <span />
      )}
      <div className="forward">{children}</div>
    </div>
  );
}
