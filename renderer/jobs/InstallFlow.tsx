// The install on screen: which release (the list, or a zip), the drive (with its check), the new
// server's settings, confirm, one progress bar over download, write and verify, and the checklist.
// The requests to main happen here; the steps show state and report what the user did. A list that
// does not answer is asked again by itself, waiting longer each time (5 s, 10 s, … at most a minute).
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { INSTALL_PHASES, type DriveList, type OpenedBackup, type ReleaseList, type WriteOutcome, type WriteProgress } from '../../shared/ipc.js';
import type { AnyMessage } from '../../shared/message.js';
import { ApiError, reasonOf, type Api } from '../api.js';
import { Stepper } from '../components/Stepper.js';
import { useRequests } from './use-request.js';
import { wordMessage } from '../i18n/engine.js';
import { useDriveChecks } from '../steps/drive-checks.js';
import { driveGate } from '../steps/drive-gate.js';
import { DriveStep } from '../steps/DriveStep.js';
import { NO_WIFI, wifiOf } from '../wifi-choice.js';
import { WriteStep } from '../steps/WriteStep.js';
import { InstallConfirmStep } from './InstallConfirmStep.js';
import { InstallDoneStep } from './InstallDoneStep.js';
import { InstallSettingsStep, type NewServerSettings } from './InstallSettingsStep.js';
import { ReleaseStep } from './ReleaseStep.js';
import { rememberedReleaseAddress, rememberReleaseAddress } from './release-address.js';

export type InstallStepId = 'release' | 'drive' | 'settings' | 'confirm' | 'write' | 'done';

export const INSTALL_STEPS: readonly InstallStepId[] = ['release', 'drive', 'settings', 'confirm', 'write', 'done'];

const DEFAULT_SETTINGS: NewServerSettings = {
  serverName: 'Tower',
  network: { dhcp: true, address: '', netmask: '', gateway: '', dns: '' },
  wifi: NO_WIFI,
  uefi: true,
};

/** Seconds before the n-th retry of a list that did not answer (n from 0). */
export function retryDelay(attempt: number): number {
  return Math.min(60, 5 * 2 ** attempt);
}

export interface InstallFlowProps {
  readonly api: Api;
  readonly drives: DriveList | null;
  /** A zip the owner dropped on the first screen, already opened. */
  readonly zip?: OpenedBackup | null;
  readonly onHome: () => void;
  readonly onRunning: (running: boolean) => void;
  /** The zip is a backup: restore it instead. */
  readonly onRestore: (backup: OpenedBackup) => void;
}

export function InstallFlow({ api, drives, zip: droppedZip = null, onHome, onRunning, onRestore }: InstallFlowProps) {
  const { t } = useTranslation();
  const [step, setStep] = useState<InstallStepId>('release');
  const [list, setList] = useState<ReleaseList | null>(null);
  const [listError, setListError] = useState<AnyMessage | null>(null);
  const [address, setAddress] = useState<string | null>(() => rememberedReleaseAddress());
  const [retry, setRetry] = useState<{ attempt: number; at: number } | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [releaseId, setReleaseId] = useState<string | null>(null);
  const [zip, setZip] = useState<OpenedBackup | null>(droppedZip);
  const [opening, setOpening] = useState<string | null>(null);
  const [settings, setSettings] = useState<NewServerSettings>(DEFAULT_SETTINGS);
  const [driveId, setDriveId] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [progress, setProgress] = useState<WriteProgress | null>(null);
  const [outcome, setOutcome] = useState<WriteOutcome | null>(null);
  const { busy, error, setError, request } = useRequests();

  const load = useCallback(
    async (attempt: number) => {
      setListError(null);
      setRetry(null);
      try {
        setList(await api.listReleases(address));
      } catch (failure) {
        setListError(reasonOf(failure));
        if (failure instanceof ApiError && failure.code === 'unreachable') setRetry({ attempt, at: Date.now() + retryDelay(attempt) * 1000 });
      }
    },
    [api, address],
  );
  useEffect(() => void load(0), [load]);
  useEffect(() => {
    if (retry === null) return undefined;
    const timer = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= retry.at) void load(retry.attempt + 1);
    }, 1000);
    return () => clearInterval(timer);
  }, [retry, load]);
  useEffect(() => {
    const stops = [
      api.on('write:progress', (event) => setProgress((shown) => (event.jobId === jobId ? event : shown))),
      api.on('write:finished', (event) => {
        if (event.jobId !== jobId) return;
        setOutcome(event);
        setJobId(null);
        setStep('done');
      }),
    ];
    return () => stops.forEach((stop) => stop());
  }, [api, jobId]);
  useEffect(() => onRunning(jobId !== null), [jobId, onRunning]);
  useEffect(() => () => onRunning(false), [onRunning]);

  const drive = drives?.drives.find((row) => row.id === driveId && row.verdict !== 'refused');
  const checking = useDriveChecks(api, drive);
  const gate = driveGate(drive, checking.check, { checking: checking.checking, holdsKey: false, acknowledged: checking.acknowledged });
  const release = zip?.report.kind === 'release' ? zip.report.zipName : list?.releases.find((row) => row.releaseId === releaseId)?.name ?? '';
  const go = (next: InstallStepId) => {
    setError(null);
    setStep(next);
  };
  const openZip = async (name: string, open: () => Promise<OpenedBackup | null>) => {
    setOpening(name);
    await request(async () => {
      const opened = await open();
      if (opened) setZip(opened);
    });
    setOpening(null);
  };
  const install = (confirmation: string | undefined) =>
    request(async () => {
      if (!drive) return;
      const wifi = wifiOf(settings.wifi);
      const id = await api.startInstall({
        sourceId: zip ? zip.backupId : releaseId!,
        driveId: drive.id,
        uefi: settings.uefi,
        serverName: settings.serverName,
        ...(settings.network.dhcp ? {} : { network: settings.network }),
        ...(wifi === undefined ? {} : { wifi }),
        ...(confirmation === undefined ? {} : { confirmation }),
      });
      setProgress(null);
      setOutcome(null);
      setJobId(id);
      setStep('write');
    });
  const worded = error && wordMessage(t, error);

  return (
    <>
      <Stepper steps={INSTALL_STEPS.map((id) => ({ id, title: t(`install.steps.${id}`) }))} current={step} failedStep={step === 'done' && outcome?.result !== 'success' ? 'write' : null} />
      <main>
        {step === 'release' && (
          <ReleaseStep
            list={list}
            listError={listError && wordMessage(t, listError)}
            retryIn={retry === null ? null : Math.max(0, Math.ceil((retry.at - now) / 1000))}
            releaseId={releaseId}
            zip={zip}
            opening={opening}
            error={worded}
            onChoose={(id) => {
              setZip(null);
              setReleaseId(id);
            }}
            onRetry={() => void load(0)}
            address={address}
            onAddress={(chosen) => {
              rememberReleaseAddress(chosen);
              setList(null);
              setReleaseId(null);
              setAddress(chosen);
            }}
            onOpenZip={() => void openZip(t('install.release.theZip'), () => api.chooseBackup())}
            onDrop={(file) => void openZip(file.name, () => api.openBackupFile(file))}
            onRestoreInstead={() => zip && onRestore(zip)}
            onNext={() => void request(async () => {
              // The drive list is judged for what is installed: a zip was when it was opened.
              if (!zip) await api.chooseRelease(releaseId!);
              go('drive');
            })}
          />
        )}
        {step === 'drive' && (
          <DriveStep
            drives={drives}
            driveId={driveId}
            driveLost={driveId !== null && drive === undefined}
            neededBytes={zip?.neededBytes ?? null}
            onChoose={setDriveId}
            onBack={() => go('release')}
            onNext={() => gate.blocked === null && go('settings')}
            checking={checking}
            nextLabel={t('install.drive.next')}
          />
        )}
        {step === 'settings' && <InstallSettingsStep settings={settings} onChange={setSettings} onBack={() => go('drive')} onNext={() => go('confirm')} />}
        {step === 'confirm' && drive && (
          <InstallConfirmStep
            release={release}
            settings={settings}
            drive={drive}
            check={checking.check}
            blocked={gate.blocked === null ? null : t(`drive.why.${gate.blocked}`)}
            starting={busy}
            error={worded}
            onBack={() => go('settings')}
            onInstall={(confirmation) => void install(confirmation)}
          />
        )}
        {step === 'write' && (
          <WriteStep driveName={drive?.description ?? null} progress={progress} cancelling={busy} phases={INSTALL_PHASES} onCancel={() => jobId && void request(() => api.cancelWrite(jobId))} />
        )}
        {step === 'done' && outcome && <InstallDoneStep outcome={outcome} onRetry={() => go('confirm')} onHome={onHome} />}
      </main>
    </>
  );
}
