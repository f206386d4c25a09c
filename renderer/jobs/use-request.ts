// A job's requests to main, one at a time: busy while one runs, and its error kept to be shown on
// the step that made it (cleared when the next one starts).
import { useState } from 'react';
import type { AnyMessage } from '../../shared/message.js';
import { reasonOf } from '../api.js';

export interface Requests {
  readonly busy: boolean;
  readonly error: AnyMessage | null;
  setError(error: AnyMessage | null): void;
  request(what: () => Promise<void>): Promise<void>;
}

export function useRequests(): Requests {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AnyMessage | null>(null);
  const request = async (what: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await what();
    } catch (failure) {
      setError(reasonOf(failure));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, request };
}
