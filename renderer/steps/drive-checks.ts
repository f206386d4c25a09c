// The Drive step's checks, kept by drive id: the check running, its results, and the remembered
// choice to ask Lime Technology about licences. Used by the restore and the copy alike.
import { useEffect, useState } from 'react';
import type { DriveCheck, DriveRow } from '../../shared/ipc.js';
import type { AnyMessage } from '../../shared/message.js';
import { reasonOf, type Api } from '../api.js';
import type { DriveCheckState } from './DriveCheck.js';

/** The key under which the licence-check choice is remembered (the renderer's own storage). */
const LICENCE_CHECK_KEY = 'flash-creator.licence-check';

/** Drive checks by drive id, the check running, and the remembered choice to ask about licences. */
export function useDriveChecks(api: Api, drive: DriveRow | undefined): DriveCheckState {
  const [checks, setChecks] = useState<Record<string, DriveCheck>>({});
  const [running, setRunning] = useState<string | null>(null);
  const [error, setError] = useState<AnyMessage | null>(null);
  const [licenceAddress, setLicenceAddress] = useState<string | null>(null);
  const [licenceCheck, setLicenceCheck] = useState(() => rememberedLicenceCheck());
  /** Drives whose owner ticked that they go on without a licence possible. */
  const [acknowledged, setAcknowledged] = useState<Record<string, boolean>>({});
  useEffect(() => {
    api.licenceService().then(setLicenceAddress, () => setLicenceAddress(null));
  }, [api]);
  const onLicenceCheckChange = (allowed: boolean) => {
    setLicenceCheck(allowed);
    try {
      localStorage.setItem(LICENCE_CHECK_KEY, allowed ? 'on' : 'off');
    } catch {
      // No storage (a locked-down profile): the choice lasts this session.
    }
  };
  const onCheck = () => {
    if (!drive) return;
    const driveId = drive.id;
    setRunning(driveId);
    setError(null);
    api.checkDrive({ driveId, licenceCheck }).then(
      (check) => {
        setChecks((now) => ({ ...now, [driveId]: check }));
        setRunning(null);
      },
      (failure: unknown) => {
        setError(reasonOf(failure));
        setRunning(null);
      },
    );
  };
  const onAcknowledge = (yes: boolean) => {
    if (drive) setAcknowledged((now) => ({ ...now, [drive.id]: yes }));
  };
  return {
    check: drive ? checks[drive.id] : undefined,
    checks,
    checking: running !== null,
    error,
    licenceAddress,
    licenceCheck,
    onLicenceCheckChange,
    onCheck,
    acknowledged: drive ? acknowledged[drive.id] === true : false,
    onAcknowledge,
  };
}

function rememberedLicenceCheck(): boolean {
  try {
    return localStorage.getItem(LICENCE_CHECK_KEY) !== 'off';
  } catch {
    return true;
  }
}
