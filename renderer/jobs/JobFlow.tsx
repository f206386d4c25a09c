// The copy and back-up jobs on screen: the state (jobs.ts), the requests to main, and the step
// showing. A copy: the old flash, the new drive (never the old one), confirm, the verified write,
// what is left to do. A back-up: the old flash, where to save, progress, what the zip holds.
import { useEffect, useReducer, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CLONE_PHASES, type DriveList } from '../../shared/ipc.js';
import type { AnyMessage } from '../../shared/message.js';
import { reasonOf, type Api } from '../api.js';
import { wordMessage } from '../i18n/engine.js';
import { Stepper } from '../components/Stepper.js';
import { useDriveChecks } from '../steps/drive-checks.js';
import { driveGate } from '../steps/drive-gate.js';
import { DriveStep } from '../steps/DriveStep.js';
import { WriteStep } from '../steps/WriteStep.js';
import { BackupDoneStep } from './BackupDoneStep.js';
import { BackupProgressStep } from './BackupProgressStep.js';
import { CopyConfirmStep } from './CopyConfirmStep.js';
import { CopyDoneStep } from './CopyDoneStep.js';
import { findDrive, JOB_STEPS, jobReducer, startJob, targetCandidates, type JobKind, type JobStepId } from './jobs.js';
import { SaveStep } from './SaveStep.js';
import { SourceStep } from './SourceStep.js';

interface Pending {
  readonly busy: boolean;
  readonly cancelling: boolean;
  readonly error: AnyMessage | null;
}

const IDLE: Pending = { busy: false, cancelling: false, error: null };

export interface JobFlowProps {
  readonly api: Api;
  readonly kind: JobKind;
  readonly drives: DriveList | null;
  readonly onHome: () => void;
  /** Told when a copy or back-up starts and ends: the way home waits for it. */
  readonly onRunning?: (running: boolean) => void;
  /** The old flash already chosen, when the job starts from another's end. */
  readonly sourceId?: string | null;
  /** Another job on the same old flash (a back-up instead of a copy that could not read every file). */
  readonly onSwitch?: (kind: JobKind, sourceId: string) => void;
}

export function JobFlow({ api, kind, drives, onHome, onRunning, sourceId = null, onSwitch }: JobFlowProps) {
  const { t } = useTranslation();
  const [state, dispatch] = useReducer(jobReducer, startJob(kind, drives, sourceId));
  const [pending, setPending] = useState<Pending>(IDLE);
  /** The files the old flash cannot give, once the owner chose to copy without them. */
  const [withoutMissing, setWithoutMissing] = useState<readonly string[] | null>(null);
  useEffect(() => {
    if (drives) dispatch({ type: 'drives-listed', drives });
  }, [drives]);
  useEffect(() => {
    const stops = [
      api.on('write:progress', (progress) => dispatch({ type: 'write-progress', progress })),
      api.on('write:finished', (outcome) => dispatch({ type: 'write-finished', outcome })),
      api.on('backup:progress', (progress) => dispatch({ type: 'backup-progress', progress })),
      api.on('backup:finished', (outcome) => dispatch({ type: 'backup-finished', outcome })),
    ];
    return () => stops.forEach((stop) => stop());
  }, [api]);
  useEffect(() => {
    if (state.step === 'done') setPending(IDLE);
  }, [state.step]);
  useEffect(() => {
    onRunning?.(state.jobId !== null);
  }, [state.jobId, onRunning]);
  useEffect(() => () => onRunning?.(false), [onRunning]);

  const source = findDrive(state.drives, state.sourceId);
  const target = findDrive(state.drives, state.targetId);
  const checking = useDriveChecks(api, target);
  // An old flash boots a licensed server (or a trial): a new drive that cannot be licensed loses that.
  const gate = driveGate(target, checking.check, { checking: checking.checking, holdsKey: true, acknowledged: checking.acknowledged });
  const go = (step: JobStepId) => {
    setPending(IDLE);
    dispatch({ type: 'go', step });
  };
  /** Runs a request, its error shown on the step that made it. */
  const request = async (what: () => Promise<void>) => {
    setPending({ ...IDLE, busy: true });
    try {
      await what();
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
  const failedStep = state.step === 'done' && (state.writeOutcome?.result ?? state.backupOutcome?.result ?? 'success') !== 'success' ? (kind === 'copy' ? 'write' : 'progress') : null;

  return (
    <>
      <Stepper steps={JOB_STEPS[kind].map((id) => ({ id, title: t(`jobs.steps.${id}`) }))} current={state.step} failedStep={failedStep} />
      <main>
        {state.step === 'source' && (
          <SourceStep
            kind={kind}
            drives={state.drives}
            sourceId={state.sourceId}
            reading={pending.busy}
            error={pending.error && wordMessage(t, pending.error)}
            onChoose={(driveId) => {
              setPending(IDLE);
              if (driveId !== state.sourceId) setWithoutMissing(null);
              dispatch({ type: 'source-chosen', driveId });
            }}
            onRead={(driveId) => void request(async () => void (await api.readFlash(driveId)))}
            onBack={onHome}
            onNext={() => go(kind === 'copy' ? 'target' : 'save')}
          />
        )}
        {state.step === 'target' && (
          <DriveStep
            drives={state.drives && { ...state.drives, drives: targetCandidates(state.drives, state.sourceId) }}
            driveId={state.targetId}
            driveLost={false}
            neededBytes={null}
            onChoose={(driveId) => dispatch({ type: 'target-chosen', driveId })}
            onBack={() => go('source')}
            onNext={() => gate.blocked === null && go('confirm')}
            checking={checking}
            holdsKey
            nextLabel={t('jobs.target.next')}
          />
        )}
        {state.step === 'confirm' && source && target && (
          <CopyConfirmStep
            source={source}
            target={target}
            check={checking.check}
            blocked={gate.blocked === null ? null : t(`drive.why.${gate.blocked}`)}
            withoutMissing={withoutMissing}
            starting={pending.busy}
            error={pending.error && wordMessage(t, pending.error)}
            onBack={() => go('target')}
            onCopy={(confirmation) =>
              void request(async () => {
                const jobId = await api.startClone({
                  sourceId: source.id, driveId: target.id, ...(confirmation === undefined ? {} : { confirmation }), ...(withoutMissing === null ? {} : { allowMissing: true }),
                });
                dispatch({ type: 'started', jobId });
              })
            }
          />
        )}
        {state.step === 'write' && <WriteStep driveName={target?.description ?? null} progress={state.writeProgress} cancelling={pending.cancelling} onCancel={cancel} phases={CLONE_PHASES} />}
        {state.step === 'done' && state.writeOutcome && <CopyDoneStep
            outcome={state.writeOutcome}
            source={source}
            onRetry={() => go('confirm')}
            onHome={onHome}
            onOtherDrive={() => go('target')}
            {...(onSwitch && source ? { onBackUpInstead: () => onSwitch('backup', source.id) } : {})}
            onCopyWithout={(files) => {
              setWithoutMissing(files);
              go('confirm');
            }}
          />}
        {state.step === 'save' && source && (
          <SaveStep
            source={source}
            destination={state.destination}
            withoutSecrets={state.withoutSecrets}
            choosing={pending.busy}
            starting={pending.busy}
            error={pending.error && wordMessage(t, pending.error)}
            onChooseDestination={() =>
              void request(async () => {
                const destination = await api.chooseDestination(source.id);
                if (destination) dispatch({ type: 'destination-chosen', destination });
              })
            }
            onSecretsChange={(withoutSecrets) => dispatch({ type: 'secrets-changed', withoutSecrets })}
            onBack={() => go('source')}
            onStart={(passphrase) =>
              void request(async () => {
                if (!state.destination) return;
                const jobId = await api.startBackup({
                  driveId: source.id,
                  destinationId: state.destination.destinationId,
                  withoutSecrets: state.withoutSecrets,
                  ...(passphrase === null ? {} : { passphrase }),
                });
                dispatch({ type: 'started', jobId });
              })
            }
          />
        )}
        {state.step === 'progress' && <BackupProgressStep driveName={source?.description ?? ''} progress={state.backupProgress} cancelling={pending.cancelling} onCancel={cancel} />}
        {state.step === 'done' && state.backupOutcome && <BackupDoneStep outcome={state.backupOutcome} sourceName={source?.description ?? null} onRetry={() => go('save')} onHome={onHome} />}
      </main>
    </>
  );
}
