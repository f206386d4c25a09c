// The wizard: the state (wizard.ts), the main process's events, and the step on screen. The
// requests to main happen here; the steps only show state and report what the user did.
import { useCallback, useEffect, useReducer, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DriveList, DroppedFile, OpenedBackup } from '../shared/ipc.js';
import type { AnyMessage } from '../shared/message.js';
import { reasonOf, type Api } from './api.js';
import { wordMessage } from './i18n/engine.js';
import { LanguageMenu } from './components/LanguageMenu.js';
import { rememberedLanguage } from './i18n/i18n.js';
import { pickLanguage } from './i18n/languages.js';
import { Stepper } from './components/Stepper.js';
import { BackupStep, type Opening } from './steps/BackupStep.js';
import { ConfirmStep } from './steps/ConfirmStep.js';
import { DoneStep } from './steps/DoneStep.js';
import { HomeScreen, type JobChoice } from './jobs/HomeScreen.js';
import { InstallFlow } from './jobs/InstallFlow.js';
import { JobFlow } from './jobs/JobFlow.js';
import { RepairFlow } from './jobs/RepairFlow.js';
import { useDriveChecks } from './steps/drive-checks.js';
import { DriveStep } from './steps/DriveStep.js';
import { changeList, OptionsStep } from './steps/OptionsStep.js';
import { WriteStep } from './steps/WriteStep.js';
import { driveGate } from './steps/drive-gate.js';
import { changedSettings, chosenDrive, initialState, STEPS, wizard, type StepId } from './wizard.js';
import { LICENSE_SECTIONS } from '../shared/backup-report.js';
import { isDesktopLanguage } from '../shared/desktop-words.js';

/** The request in flight, and the last one's error, shown on the step that made it. */
interface Pending {
  readonly opening: Opening | null;
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
  /** The job chosen on the first screen; null shows that screen. */
  const [job, setJob] = useState<JobChoice | null>(null);
  /** The old flash a job starts with, when another job's end sends the owner on (a back-up instead of a copy). */
  const [jobSource, setJobSource] = useState<string | null>(null);
  const [drives, setDrives] = useState<DriveList | null>(null);
  /** A copy or a back-up is running: the way home waits for it. */
  const [jobRunning, setJobRunning] = useState(false);
  /** A release zip dropped on the first screen, for the install to start from. */
  const [droppedZip, setDroppedZip] = useState<OpenedBackup | null>(null);
  const go = (step: StepId) => {
    setPending(IDLE);
    dispatch({ type: 'go', step });
  };

  const openWith = useCallback(
    async (name: string | null, open: () => Promise<OpenedBackup | null>) => {
      setPending({ ...IDLE, opening: { name } });
      try {
        const backup = await open();
        if (backup) dispatch({ type: 'backup-opened', backup });
        setPending(IDLE);
      } catch (error) {
        setPending({ ...IDLE, error: reasonOf(error) });
      }
    },
    [],
  );
  const choose = useCallback(() => openWith(null, () => api.chooseBackup()), [api, openWith]);
  const drop = (file: DroppedFile) => openWith(file.name, () => api.openBackupFile(file));
  const unlock = (backup: OpenedBackup, passphrase: string) => openWith(backup.report.zipName, () => api.unlockBackup(backup.backupId, passphrase));
  /** A zip dropped on the first screen: a release goes to the install, a backup to the restore. */
  const dropOnHome = async (file: DroppedFile) => {
    setPending({ ...IDLE, opening: { name: file.name } });
    try {
      const opened = await api.openBackupFile(file);
      setPending(IDLE);
      if (opened.report.kind === 'release') {
        setDroppedZip(opened);
        setJob('install');
      } else {
        dispatch({ type: 'backup-opened', backup: opened });
        setJob('restore');
      }
    } catch (error) {
      setPending({ ...IDLE, error: reasonOf(error) });
    }
  };

  useEffect(() => {
    const stops = [
      api.on('drives:changed', (listed) => {
        setDrives(listed);
        dispatch({ type: 'drives-listed', drives: listed });
      }),
      api.on('write:progress', (progress) => dispatch({ type: 'write-progress', progress })),
      api.on('write:finished', (outcome) => {
        setPending(IDLE);
        dispatch({ type: 'write-finished', outcome });
      }),
      api.on('menu:open-backup', () => {
        setJob('restore');
        void choose();
      }),
    ];
    api.listDrives().then(
      (listed) => {
        setDrives(listed);
        dispatch({ type: 'drives-listed', drives: listed });
      },
      (error: unknown) => setPending((now) => ({ ...now, error: reasonOf(error) })),
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

  // Main's own questions (quitting during a job) and notifications speak the wizard's language.
  useEffect(() => {
    const tell = (language: string) => void (isDesktopLanguage(language) && api.tellLanguage(language).catch(() => undefined));
    tell(i18n.language);
    i18n.on('languageChanged', tell);
    return () => i18n.off('languageChanged', tell);
  }, [api, i18n]);

  const drive = chosenDrive(state);
  const checking = useDriveChecks(api, drive);
  const holdsKey = state.backup?.report.checklist.some((section) => LICENSE_SECTIONS.includes(section.id)) === true;
  const gate = driveGate(drive, checking.check, { checking: checking.checking, holdsKey, acknowledged: checking.acknowledged });
  const running = state.jobId !== null || jobRunning;
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
      setPending({ ...IDLE, error: reasonOf(error) });
    }
  };
  const cancel = async () => {
    if (!state.jobId) return;
    setPending({ ...IDLE, cancelling: true });
    try {
      await api.cancelWrite(state.jobId);
    } catch (error) {
      setPending({ ...IDLE, error: reasonOf(error) });
    }
  };
  const openLog = () =>
    api.openLog().then(
      (path) => setLogPath(path),
      (error: unknown) => setPending({ ...IDLE, error: reasonOf(error) }),
    );

  return (
    <div className="app">
      <header className="app-bar">
        <span className="app-name">{t('app.name')}</span>
        {job !== null && (
          <button type="button" className="link home" disabled={running} aria-describedby={running ? 'home-why' : undefined} onClick={() => setJob(null)}>
            {t('jobs.home.back')}
          </button>
        )}
        {job !== null && running && (
          <span id="home-why" className="visually-hidden">
            {t('app.homeWhileRunning')}
          </span>
        )}
        <LanguageMenu />
      </header>
      {job === null && (
        <main>
          <HomeScreen
            onChoose={(choice) => {
              setJobSource(null);
              setDroppedZip(null);
              setJob(choice);
            }}
            onDrop={(file) => void dropOnHome(file)}
            opening={pending.opening?.name ?? null}
            error={pending.error && wordMessage(t, pending.error)}
          />
        </main>
      )}
      {(job === 'copy' || job === 'backup') && <JobFlow
          key={job}
          api={api}
          kind={job}
          drives={drives}
          sourceId={jobSource}
          onHome={() => setJob(null)}
          onRunning={setJobRunning}
          onSwitch={(kind, sourceId) => {
            setJobSource(sourceId);
            setJob(kind);
          }}
        />}
      {job === 'repair' && (
        <RepairFlow
          api={api}
          drives={drives}
          onHome={() => setJob(null)}
          onRunning={setJobRunning}
          onCopyInstead={(sourceId) => {
            setJobSource(sourceId);
            setJob('copy');
          }}
        />
      )}
      {job === 'install' && (
        <InstallFlow
          api={api}
          drives={drives}
          zip={droppedZip}
          onHome={() => setJob(null)}
          onRunning={setJobRunning}
          onRestore={(backup) => {
            dispatch({ type: 'backup-opened', backup });
            setJob('restore');
          }}
        />
      )}
      {job === 'restore' && (
        <>
          <Stepper
            steps={STEPS.map((step) => ({ id: step.id, title: t(`steps.${step.id}`) }))}
            current={state.step}
            failedStep={state.step === 'done' && state.outcome !== null && state.outcome.result !== 'success' ? 'write' : null}
          />
          <main>
            {state.step === 'backup' && (
              <BackupStep backup={state.backup} opening={pending.opening} error={pending.error && wordMessage(t, pending.error)} onChoose={choose} onDrop={drop} onUnlock={(passphrase) => state.backup && void unlock(state.backup, passphrase)} onNext={() => go('drive')} />
            )}
            {state.step === 'drive' && (
              <DriveStep
                drives={state.drives}
                driveId={state.driveId}
                driveLost={state.driveLost}
                neededBytes={state.backup?.neededBytes ?? null}
                onChoose={(driveId) => dispatch({ type: 'drive-chosen', driveId })}
                onBack={() => go('backup')}
                onNext={() => gate.blocked === null && go('options')}
                checking={checking}
                holdsKey={holdsKey}
                preselected={state.preselected}
              />
            )}
            {state.step === 'options' && state.backup && (
              <OptionsStep backup={state.backup} choices={state.choices} onChange={(choices) => dispatch({ type: 'choices-changed', choices })} onBack={() => go('drive')} onNext={() => go('confirm')} />
            )}
            {state.step === 'confirm' && state.backup && drive && (
              <ConfirmStep
                backup={state.backup}
                drive={drive}
                check={checking.check}
                blocked={gate.blocked === null ? null : t(`drive.why.${gate.blocked}`)}
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
        </>
      )}
    </div>
  );
}

