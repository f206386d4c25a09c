// The repair job on screen: the flash (an Unraid flash of the list, read as for a copy), what is
// wrong with it and the repairs chosen, where the safety zip goes and the stick's name typed, the
// repair's progress (the flash saved and read back, a release downloaded, then the verified write),
// and its end. Main checks every choice again; the screen only offers what the diagnosis allows.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REPAIR_PHASES, type BackupDestination, type DriveList, type RepairDiagnosis, type WriteOutcome, type WriteProgress } from '../../shared/ipc.js';
import { reasonOf, type Api } from '../api.js';
import { Stepper } from '../components/Stepper.js';
import { useRequests } from './use-request.js';
import { wordMessage } from '../i18n/engine.js';
import { WriteStep } from '../steps/WriteStep.js';
import { findDrive, sourceCandidates } from './jobs.js';
import { initialSelection, REPAIR_STEPS, repairChoices, type RepairSelection, type RepairStepId } from './repair.js';
import { RepairConfirmStep } from './RepairConfirmStep.js';
import { RepairDiagnosisStep } from './RepairDiagnosisStep.js';
import { RepairDoneStep } from './RepairDoneStep.js';
import { SourceStep } from './SourceStep.js';

export interface RepairFlowProps {
  readonly api: Api;
  readonly drives: DriveList | null;
  readonly onHome: () => void;
  /** Told when the repair starts and ends: the way home waits for it. */
  readonly onRunning?: (running: boolean) => void;
  /** A copy of the same flash to a new drive instead (a stick that failed its check). */
  readonly onCopyInstead: (sourceId: string) => void;
}

export function RepairFlow({ api, drives, onHome, onRunning, onCopyInstead }: RepairFlowProps) {
  const { t } = useTranslation();
  const [step, setStep] = useState<RepairStepId>('source');
  const [sourceId, setSourceId] = useState<string | null>(null);
  const [diagnosis, setDiagnosis] = useState<RepairDiagnosis | null>(null);
  const [selection, setSelection] = useState<RepairSelection>(initialSelection(null));
  const [zip, setZip] = useState<{ readonly id: string; readonly name: string } | null>(null);
  const [listed, setListed] = useState<{ readonly id: string; readonly name: string } | null | undefined>(undefined);
  const [destination, setDestination] = useState<BackupDestination | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [progress, setProgress] = useState<WriteProgress | null>(null);
  const [outcome, setOutcome] = useState<WriteOutcome | null>(null);
  const { busy, error, setError, request } = useRequests();
  const [cancelling, setCancelling] = useState(false);

  useEffect(() => {
    const stops = [
      api.on('write:progress', (next) => next.jobId === jobId && setProgress(next)),
      api.on('write:finished', (end) => {
        if (end.jobId !== jobId) return;
        setJobId(null);
        setCancelling(false);
        setOutcome(end);
        setStep('done');
      }),
    ];
    return () => stops.forEach((stop) => stop());
  }, [api, jobId]);
  useEffect(() => {
    onRunning?.(jobId !== null);
  }, [jobId, onRunning]);
  useEffect(() => () => onRunning?.(false), [onRunning]);

  const source = findDrive(drives, sourceId);
  const diagnose = (driveId: string) =>
    void request(async () => {
      setDiagnosis(null);
      const found = await api.diagnoseRepair(driveId);
      setDiagnosis(found);
      setSelection(initialSelection(found));
      if (found.badImages.length > 0 && found.version !== null) void findListed(found.version);
    });
  /** The flash's own version in Unraid's list; null when the list lacks it or cannot be had. */
  const findListed = async (version: string) => {
    try {
      const list = await api.listReleases(null);
      const release = list.releases.find((candidate) => candidate.version === version);
      setListed(release ? { id: release.releaseId, name: release.name } : null);
    } catch {
      setListed(null);
    }
  };
  const releaseName = selection.release === 'zip' ? zip?.name ?? null : selection.release === 'list' ? listed?.name ?? null : null;

  return (
    <>
      <Stepper steps={REPAIR_STEPS.map((id) => ({ id, title: t(`repair.steps.${id}`) }))} current={step} failedStep={step === 'done' && outcome?.result !== 'success' ? 'write' : null} />
      <main>
        {step === 'source' && (
          <SourceStep
            kind="repair"
            drives={drives && { ...drives, drives: sourceCandidates(drives) }}
            sourceId={sourceId}
            reading={busy}
            error={error && wordMessage(t, error)}
            onChoose={(driveId) => {
              setError(null);
              if (driveId !== sourceId) setDestination(null);
              setSourceId(driveId);
            }}
            onRead={(driveId) => void request(async () => void (await api.readFlash(driveId)))}
            onBack={onHome}
            onNext={() => {
              if (!sourceId) return;
              setStep('diagnosis');
              diagnose(sourceId);
            }}
          />
        )}
        {step === 'diagnosis' && source && (
          <RepairDiagnosisStep
            source={source}
            diagnosis={diagnosis}
            selection={selection}
            zipName={zip?.name ?? null}
            listed={listed === undefined ? null : listed !== null}
            busy={busy}
            error={error && wordMessage(t, error)}
            onChange={setSelection}
            onChooseZip={() =>
              void request(async () => {
                const opened = await api.chooseBackup();
                if (opened) setZip({ id: opened.backupId, name: opened.report.zipName });
              })
            }
            onRetry={() => diagnose(source.id)}
            onCopyInstead={() => onCopyInstead(source.id)}
            onBack={() => {
              setError(null);
              setStep('source');
            }}
            onNext={() => {
              setError(null);
              setStep('confirm');
            }}
          />
        )}
        {step === 'confirm' && source && diagnosis && (
          <RepairConfirmStep
            source={source}
            diagnosis={diagnosis}
            selection={selection}
            releaseName={releaseName}
            destination={destination}
            busy={busy}
            error={error && wordMessage(t, error)}
            onChooseDestination={() =>
              void request(async () => {
                const chosen = await api.chooseRepairDestination(source.id);
                if (chosen) setDestination(chosen);
              })
            }
            onBack={() => {
              setError(null);
              setStep('diagnosis');
            }}
            onRepair={(confirmation) =>
              void request(async () => {
                if (!destination) return;
                const choices = repairChoices(selection, { zip: zip?.id ?? null, listed: listed?.id ?? null });
                const started = await api.startRepair({ driveId: source.id, destinationId: destination.destinationId, choices, confirmation });
                // A save place serves one repair: main forgets it once the repair starts.
                setDestination(null);
                setProgress(null);
                setJobId(started);
                setStep('write');
              })
            }
          />
        )}
        {step === 'write' && (
          <WriteStep
            driveName={source?.description ?? null}
            progress={progress}
            cancelling={cancelling}
            onCancel={() => {
              if (!jobId) return;
              setCancelling(true);
              void api.cancelWrite(jobId).catch((failure: unknown) => setError(reasonOf(failure)));
            }}
            phases={REPAIR_PHASES.filter((phase) => phase !== 'downloading' || (selection.release === 'list' && !selection.rollback))}
          />
        )}
        {step === 'done' && outcome && (
          <RepairDoneStep
            outcome={outcome}
            onRetry={() => {
              setOutcome(null);
              setStep('diagnosis');
              if (sourceId) diagnose(sourceId);
            }}
            onHome={onHome}
          />
        )}
      </main>
    </>
  );
}
