// The repair: an Unraid flash that no longer boots, rewritten on the same stick. repair:diagnose
// reads it (read-only) and says what is wrong and which repairs it allows; repair:start checks the
// choices against that diagnosis, then runs the repair (repair-work.ts): the safety zip saved where
// the user chose and read back, the repairs applied, the stick written and verified with its own
// label and volume id. The licence needs nothing: the stick and its GUID stay the same.
import { confirmsDrive, driveNameToType, type RepairDiagnosis, type RepairRequest, type WrittenDrive } from '../../../shared/ipc.js';
import { message, nameItems } from '../../../shared/message.js';
import { capacityMessage } from '../../../shared/probe.js';
import { diagnose, type Diagnosis } from '../../repair/diagnosis.js';
import type { FlashState } from '../../repair/flash-state.js';
import { mayRollBack, repairRefusal, safetyZipName } from '../../repair/repair-job.js';
import { checkedDrive, sourceOf } from '../drive-board.js';
import { RequestRefused } from '../refused.js';
import type { BackupDestinations } from './backup.js';
import type { JobContext } from './context.js';
import type { Installs } from './install.js';
import { runRepair, type ReleaseSource } from './repair-work.js';

/** A flash as its diagnosis found it. */
interface Diagnosed {
  readonly state: FlashState;
  readonly diagnosis: Diagnosis;
}

export class Repairs {
  /** The latest diagnosis of each drive (by path, size and GUID): a repair starts only from one. */
  private readonly diagnosed = new Map<string, Diagnosed>();

  constructor(
    private readonly destinations: BackupDestinations,
    private readonly installs: Installs,
  ) {}

  async diagnose({ drives, slot, options }: JobContext, driveId: string): Promise<RepairDiagnosis> {
    slot.refuseWhileBusy();
    await drives.listed();
    const { drive } = drives.unraidSource(driveId);
    options.log.info(`Diagnosing ${drive.device} (${drive.description}) for a repair`);
    const answer = await options.flashReader.readFlashState(sourceOf(drive));
    if (!answer.ok) throw new RequestRefused('failed', answer.message);
    if (answer.value.status !== 'unraid') throw new RequestRefused('drive-refused', message('flash.not-unraid', { drive: drive.description, reasons: answer.value.reasons }));
    const { state } = answer.value;
    const diagnosis = diagnose(state);
    this.diagnosed.set(checkedDrive(drive), { state, diagnosis });
    const capacity = drives.capacityOf(drive);
    options.log.info(`Diagnosed ${drive.device}: ${diagnosis.needsRepair ? 'needs repair' : 'healthy'}; bad images ${diagnosis.badImages.join(', ') || 'none'}; ${state.unreadable.length} unreadable`);
    return {
      driveId,
      findings: diagnosis.findings.map(({ needsRepair, message: finding }) => ({ needsRepair, message: finding })),
      needsRepair: diagnosis.needsRepair,
      version: state.release.version,
      badImages: diagnosis.badImages,
      unreadable: state.unreadable,
      rollbackRefusal: repairRefusal(diagnosis, { rollback: true, release: false }),
      rollbackVersion: mayRollBack(diagnosis) ? diagnosis.previous?.version ?? null : null,
      uefi: state.efiFolder === 'EFI',
      stickRefusal: capacity && capacity.verdict !== 'genuine' ? [capacityMessage(capacity), message('repair.failing-stick')] : null,
    };
  }

  /** The save dialog for the safety zip, offering Unraid's back-up name marked as taken before the repair. */
  destination(context: JobContext, driveId: string): ReturnType<BackupDestinations['choose']> {
    return this.destinations.choose(context, driveId, safetyZipName);
  }

  async start(context: JobContext, request: RepairRequest): Promise<{ jobId: string }> {
    const { drives, slot, options } = context;
    slot.refuseWhileBusy();
    await drives.listed();
    const { drive } = drives.unraidSource(request.driveId);
    const found = this.diagnosed.get(checkedDrive(drive));
    if (!found) throw new RequestRefused('drive-refused', message('repair.diagnose-first', { drive: drive.description }));
    // The same stick is erased: its name is typed whatever its verdict, and a failing stick is refused.
    if (!confirmsDrive(request.confirmation, drive)) throw new RequestRefused('confirmation-required', message('request.repair-type-name', { name: driveNameToType(drive) }));
    const target = drives.writableDrive(request.driveId, request.confirmation);
    const { choices } = request;
    const refusal = repairRefusal(found.diagnosis, { rollback: choices.rollback, release: choices.releaseSource !== null });
    if (refusal) throw new RequestRefused('failed', refusal);
    if (found.state.unreadable.length > 0 && !choices.allowMissing) {
      throw new RequestRefused('failed', message('repair.without-unread', { count: found.state.unreadable.length, paths: nameItems(found.state.unreadable) }));
    }
    const release = this.releaseSource(context, choices.releaseSource, found.state);
    const { path: savedAs } = this.destinations.take(request.destinationId, drive);
    this.diagnosed.delete(checkedDrive(drive));
    const jobId = slot.newJobId();
    const written: WrittenDrive = { description: target.description, device: target.device, size: target.size!, guid: target.guid };
    options.log.info(`Repair ${jobId}: ${target.device} (${target.description}), saved first to ${savedAs}; roll back ${choices.rollback ? 'yes' : 'no'}; ` +
      `release ${release ? release.name : 'none'}; UEFI ${choices.uefi ? 'on' : 'off'}; without unread files ${choices.allowMissing ? 'yes' : 'no'}`);
    slot.runWrite(jobId, written, (onProgress, signal) => runRepair(context, { drive: target, savedAs, state: found.state, diagnosis: found.diagnosis, choices, release }, onProgress, signal));
    return { jobId };
  }

  /** Where the bz files come from: a release zip opened as a backup, or a release of the list, of the flash's own version. */
  private releaseSource({ shelf }: JobContext, sourceId: string | null, state: FlashState): ReleaseSource | null {
    if (sourceId === null) return null;
    const flashVersion = state.release.version;
    if (flashVersion === null) throw new RequestRefused('failed', message('repair.release-version-unknown'));
    if (sourceId.startsWith('release-')) {
      const release = this.installs.release(sourceId);
      if (release.version !== flashVersion) throw new RequestRefused('failed', message('repair.release-other-version', { zip: release.fileName, version: release.version, flashVersion }));
      return { kind: 'listed', name: release.fileName, release };
    }
    const zip = shelf.get(sourceId);
    if (!zip) throw new RequestRefused('unknown-backup', message('request.unknown-backup'));
    const { report } = zip.opened;
    if (report.kind !== 'release') throw new RequestRefused('backup-blocked', message('repair.release-not-release', { zip: report.zipName }));
    if (report.osVersion !== flashVersion) throw new RequestRefused('failed', message('repair.release-other-version', { zip: report.zipName, version: report.osVersion ?? '?', flashVersion }));
    return { kind: 'zip', name: report.zipName, zipPath: zip.zipPath };
  }
}
