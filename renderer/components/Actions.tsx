// The row of buttons at the foot of a step: Back on the left, the way forward on the right.
import type { ReactNode } from 'react';

export function Actions({ back, children }: { back?: () => void; children?: ReactNode }) {
  return (
    <div className="actions">
      {back ? (
        <button type="button" className="secondary" onClick={back}>
          Back
        </button>
      ) : (
        <span />
      )}
      <div className="forward">{children}</div>
    </div>
  );
}
