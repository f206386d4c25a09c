// The wizard: the state (wizard.ts), the main process's events, and the step on screen. The
// requests to main happen here; the steps only show state and report what the user did.
import { useCallback, useEffect, useReducer, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DriveCheck, DriveRow, DroppedFile, OpenedBackup } from '../shared/ipc.js';
import { message, type AnyMessage } from '../shared/message.js';
import { ApiError, type Api } from './api.js';
import { wordMessage } from './i18n/engine.js';
import { LanguageMenu } from './components/LanguageMenu.js';
import { rememberedLanguage } from './i18n/i18n.js';
import { pickLanguage } from './i18n/languages.js';
import { Stepper } from './components/Stepper.js';
import { BackupStep } from './steps/BackupStep.js';
import { ConfirmStep } from './steps/ConfirmStep.js';
import { DoneStep } from './steps/DoneStep.js';
import type { DriveCheckState } from './steps/DriveCheck.js';
import { DriveStep } from './steps/DriveStep.js';
import { changeList, OptionsStep } from './steps/OptionsStep.js';
import { WriteStep } from './steps/WriteStep.js';
import { changedSettings, chosenDrive, initialState, wizard, type StepId } from './wizard.js';

/** The request in flight, and the last one's error, shown on the step that made it. */
interface Pending {
  readonly opening: string | null;
  readonly starting: boolean;
  readonly cancelling: boolean;
  readonly error: AnyMessage | null;
}

const IDLE: Pending = { opening: null, starting: false, cancelling: false, error: null };

export function App({ api }: { api: Api }) {
  const { t, i18n } = useTranslation();
  const [state, dispatch] = useReducer(wizard, initialState);
  const [pending, setPending] = useState<Pending>(IDLE);
  const [logPath, setLogPath] = useState<string | null>(null);
  const go = (step: StepId) => {
    setPending(IDLE);
    dispatch({ type: 'go', step });
  };

  const openWith = useCallback(
    async (name: string, open: () => Promise<OpenedBackup | null>) => {
      setPending({ ...IDLE, opening: name });
      try {
        const backup = await open();
        if (backup) dispatch({ type: 'backup-opened', backup });
        setPending(IDLE);
      } catch (error) {
        setPending({ ...IDLE, error: messageOf(error) });
      }
    },
    [],
  );
  const choose = useCallback(() => openWith(i18n.t('backup.theBackup'), () => api.chooseBackup()), [api, openWith, i18n]);
  const drop = (file: DroppedFile) => openWith(file.name, () => api.openBackupFile(file));

  useEffect(() => {
    const stops = [
      api.on('drives:changed', (drives) => dispatch({ type: 'drives-listed', drives })),
      api.on('write:progress', (progress) => dispatch({ type: 'write-progress', progress })),
      api.on('write:finished', (outcome) => {
        setPending(IDLE);
        dispatch({ type: 'write-finished', outcome });
      }),
      api.on('menu:open-backup', () => void choose()),
    ];
    api.listDrives().then(
      (drives) => dispatch({ type: 'drives-listed', drives }),
      (error: unknown) => setPending((now) => ({ ...now, error: messageOf(error) })),
    );
    return () => stops.forEach((stop) => stop());
  }, [api, choose]);

  // Until the user picks a language, the wizard follows the system's (Electron's locale first).
  useEffect(() => {
    if (rememberedLanguage() !== null) return;
    api.systemLanguages().then(
      (languages) => {
        if (languages.length > 0 && rememberedLanguage() === null) void i18n.changeLanguage(pickLanguage(languages));
      },
      () => undefined,
    );
  }, [api, i18n]);

  const drive = chosenDrive(state);
  const checking = useDriveChecks(api, drive);
  const write = async (confirmation: string | undefined) => {
    if (!state.backup || !drive) return;
    setPending({ ...IDLE, starting: true });
    try {
      const jobId = await api.startWrite({
        backupId: state.backup.backupId,
        driveId: drive.id,
        uefi: state.choices.uefi,
        ...changedSettings(state.backup, state.choices),
        ...(confirmation === undefined ? {} : { confirmation }),
      });
      dispatch({ type: 'write-started', jobId });
      setPending(IDLE);
    } catch (error) {
      setPending({ ...IDLE, error: messageOf(error) });
    }
  };
  const cancel = async () => {
    if (!state.jobId) return;
    setPending({ ...IDLE, cancelling: true });
    try {
      await api.cancelWrite(state.jobId);
    } catch (error) {
      setPending({ ...IDLE, error: messageOf(error) });
    }
  };
  const openLog = () =>
    api.openLog().then(
      (path) => setLogPath(path),
      (error: unknown) => setPending({ ...IDLE, error: messageOf(error) }),
    );

  return (
    <div className="app">
      <header className="app-bar">
        <LanguageMenu />
      </header>
      <Stepper current={state.step} writeFailed={state.step === 'done' && state.outcome !== null && state.outcome.result !== 'success'} />
      <main>
        {state.step === 'backup' && (
          <BackupStep backup={state.backup} opening={pending.opening} error={pending.error && wordMessage(t, pending.error)} onChoose={choose} onDrop={drop} onNext={() => go('drive')} />
        )}
        {state.step === 'drive' && (
          <DriveStep
            drives={state.drives}
            driveId={state.driveId}
            driveLost={state.driveLost}
            neededBytes={state.backup?.neededBytes ?? null}
            onChoose={(driveId) => dispatch({ type: 'drive-chosen', driveId })}
            onBack={() => go('backup')}
            onNext={() => go('options')}
            checking={checking}
          />
        )}
        {state.step === 'options' && state.backup && (
          <OptionsStep backup={state.backup} choices={state.choices} onChange={(choices) => dispatch({ type: 'choices-changed', choices })} onBack={() => go('drive')} onNext={() => go('confirm')} />
        )}
        {state.step === 'confirm' && state.backup && drive && (
          <ConfirmStep
            backup={state.backup}
            drive={drive}
            changes={changeList(t, state.backup, state.choices)}
            starting={pending.starting}
            error={pending.error && wordMessage(t, pending.error)}
            onBack={() => go('options')}
            onWrite={write}
          />
        )}
        {state.step === 'write' && <WriteStep driveName={drive?.description ?? null} progress={state.progress} cancelling={pending.cancelling} onCancel={cancel} />}
        {state.step === 'done' && state.outcome && state.backup && (
          <DoneStep
            outcome={state.outcome}
            report={state.backup.report}
            logPath={logPath}
            onCopy={(text) => navigator.clipboard.writeText(text)}
            onOpenLog={openLog}
            onRetry={() => go('confirm')}
            onOtherDrive={() => go('drive')}
            onStartOver={() => dispatch({ type: 'start-over' })}
          />
        )}
      </main>
    </div>
  );
}

/** What a failed request tells the user: main's message, or what broke in the page. */
function messageOf(error: unknown): AnyMessage {
  if (error instanceof ApiError) return error.reason;
  return message('request.went-wrong', { detail: error instanceof Error ? error.message : String(error) });
}

/** The key under which the licence-check choice is remembered (the renderer's own storage). */
const LICENCE_CHECK_KEY = 'flash-creator.licence-check';

/** Drive checks by drive id, the check running, and the remembered choice to ask about licences. */
function useDriveChecks(api: Api, drive: DriveRow | undefined): DriveCheckState {
  const [checks, setChecks] = useState<Record<string, DriveCheck>>({});
  const [running, setRunning] = useState<string | null>(null);
  const [error, setError] = useState<AnyMessage | null>(null);
  const [licenceAddress, setLicenceAddress] = useState<string | null>(null);
  const [licenceCheck, setLicenceCheck] = useState(() => rememberedLicenceCheck());
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
        setError(messageOf(failure));
        setRunning(null);
      },
    );
  };
  return { check: drive ? checks[drive.id] : undefined, checking: running !== null, error, licenceAddress, licenceCheck, onLicenceCheckChange, onCheck };
}

function rememberedLicenceCheck(): boolean {
  try {
    return localStorage.getItem(LICENCE_CHECK_KEY) !== 'off';
  } catch {
    return true;
  }
}
