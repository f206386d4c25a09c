// What is wrong with a flash, from what was read of it (flash-state.ts): pure, data in, findings out.
// Each finding is a message code and whether it needs the flash rewritten; notes (what previous/
// holds) need nothing. REFERENCE §1, §10, §11.
import { bootNames, volumeIdOfSerial } from '../backup/boot-names.js';
import { message, nameItems, type AnyMessage } from '../../shared/message.js';
import { bootLoaderFindings } from './boot-loader.js';
import type { FlashState, ReleaseState } from './flash-state.js';
import { capacityMessage, type ProbeResult } from '../../shared/probe.js';

/** The capacity probe's verdict on the stick, or why it was not probed (main/cli/repair-stick.ts). */
export type StickCheck = { readonly probe: ProbeResult } | { readonly notProbed: readonly AnyMessage[] };

export interface Finding {
  readonly area: 'filesystem' | 'release' | 'previous' | 'stick';
  /** True when the flash needs repair for it; false for a note. */
  readonly needsRepair: boolean;
  readonly message: AnyMessage;
}

export interface PreviousRelease {
  readonly version: string | null;
  /** Every bz file and its .sha256 there, and they match. */
  readonly whole: boolean;
  /** Why a roll back to it is refused; null when it is allowed. */
  readonly refusal: AnyMessage | null;
}

export interface Diagnosis {
  readonly findings: readonly Finding[];
  readonly needsRepair: boolean;
  /** The bz files at the root that fail their .sha256, cannot be read, or are missing. */
  readonly badImages: readonly string[];
  readonly previous: PreviousRelease | null;
}

export interface Wishes {
  /** UEFI wanted on (true), off (false), or as the flash has it. */
  readonly uefi?: boolean;
  /** The stick's capacity probe, when it was run. */
  readonly stick?: StickCheck;
}

export function diagnose(state: FlashState, wishes: Wishes = {}): Diagnosis {
  const findings: Finding[] = [...filesystemFindings(state), ...releaseFindings(state, wishes)];
  const previous = state.previous ? previousRelease(state.previous, state.release.version) : null;
  if (!previous) findings.push({ area: 'previous', needsRepair: false, message: message('repair.no-previous') });
  else if (previous.whole) findings.push({ area: 'previous', needsRepair: false, message: message('repair.previous-whole', { version: previous.version ?? '?' }) });
  else findings.push({ area: 'previous', needsRepair: false, message: message('repair.previous-broken', { version: previous.version ?? '?', files: missingFrom(state.previous!) }) });
  if (previous?.refusal) findings.push({ area: 'previous', needsRepair: false, message: previous.refusal });
  if (wishes.stick) {
    const stick = stickFinding(wishes.stick);
    findings.push({ area: 'stick', needsRepair: stick.replace, message: stick.message });
  }
  return {
    findings,
    needsRepair: findings.some((finding) => finding.needsRepair),
    badImages: state.release.images.filter((image) => imageProblem(image) !== null).map((image) => image.name),
    previous,
  };
}

function filesystemFindings(state: FlashState): Finding[] {
  const findings: AnyMessage[] = [];
  const { volume } = state;
  if (state.unreadable.length > 0) findings.push(message('repair.unreadable', { count: state.unreadable.length, paths: nameItems(state.unreadable) }));
  if (volume.lostClusters > 0) findings.push(message('repair.lost-clusters', { count: volume.lostClusters }));
  if (volume.dirty) findings.push(message('repair.dirty'));
  if (volume.backupDiffersAt !== null) findings.push(message('repair.boot-sector-backup', { sector: String(volume.backupDiffersAt) }));
  const names = bootNames(state.bootFiles, state.release.version);
  const label = state.label ?? '';
  if (names.appendLines > 0 && label.toUpperCase() !== names.label.toUpperCase()) findings.push(message('repair.label-mismatch', { label, expected: names.label }));
  if (names.volumeSerial !== null && volumeIdOfSerial(names.volumeSerial) !== volume.volumeId) {
    findings.push(message('repair.uuid-mismatch', { expected: names.volumeSerial, actual: serialOf(volume.volumeId) }));
  }
  return findings.map((found) => ({ area: 'filesystem', needsRepair: true, message: found }));
}

function releaseFindings(state: FlashState, wishes: Wishes): Finding[] {
  const findings: AnyMessage[] = [];
  for (const image of state.release.images) {
    const problem = imageProblem(image);
    if (problem) findings.push(problem);
  }
  if (!state.hasLdlinuxSys) findings.push(message('repair.no-ldlinux'));
  if (wishes.uefi === true && state.efiFolder === 'EFI-') findings.push(message('repair.uefi-off'));
  if (wishes.uefi === true && state.efiFolder === null) findings.push(message('repair.no-efi'));
  const bootLoader = bootLoaderFindings(state.bootLoader).map((found): Finding => ({ area: 'release', needsRepair: found.stopsBoot, message: found.message }));
  return [...findings.map((found): Finding => ({ area: 'release', needsRepair: true, message: found })), ...bootLoader];
}

function imageProblem(image: ReleaseState['images'][number]): AnyMessage | null {
  if (!image.present) return message('repair.release-missing', { name: image.name });
  if (image.expected === null) return message('repair.release-missing', { name: `${image.name}.sha256` });
  if (image.sha256 === null) return message('repair.checksum-unreadable', { name: image.name });
  return image.sha256 === image.expected ? null : message('repair.checksum-failed', { name: image.name });
}

function previousRelease(previous: ReleaseState, current: string | null): PreviousRelease {
  const whole = previous.version !== null && previous.images.every((image) => imageProblem(image) === null);
  return { version: previous.version, whole, refusal: rollbackRefusal(current, previous.version) };
}

/** What in previous/ keeps it from being whole, as "bzroot fails its checksum", "bzimage is missing". */
function missingFrom(previous: ReleaseState): AnyMessage[] {
  return previous.images.flatMap((image) => {
    const problem = imageProblem(image);
    if (!problem) return [];
    return [problem.code === 'repair.release-missing' ? message('repair.file-missing', { name: `previous/${String(problem.params['name'])}` }) : message('repair.file-bad', { name: `previous/${image.name}` })];
  });
}

/** What the probe says of the stick: whether it must be replaced (a repair never rewrites it), and the sentence. */
function stickFinding(check: StickCheck): { readonly replace: boolean; readonly message: AnyMessage } {
  if ('notProbed' in check) return { replace: false, message: message('repair.stick-not-probed', { reasons: check.notProbed }) };
  const verdict = capacityMessage(check.probe);
  if (check.probe.verdict === 'genuine') return { replace: false, message: verdict };
  return { replace: true, message: message('repair.stick-replace', { verdict }) };
}

/** Unraid 7.3 and later allow no roll back to 7.2.6 or earlier (REFERENCE §10). */
export function rollbackRefusal(from: string | null, to: string | null): AnyMessage | null {
  if (from === null || to === null) return null;
  return compareVersions(from, '7.3.0') >= 0 && compareVersions(to, '7.2.6') <= 0 ? message('repair.no-rollback-past-7-3', { from, to }) : null;
}

/** Compares "7.2.6", "7.3.0-rc.1" by their numbers (a pre-release counts as its release). */
export function compareVersions(a: string, b: string): number {
  const numbers = (version: string): number[] => (version.split('-')[0] ?? '').split('.').map((part) => Number.parseInt(part, 10) || 0);
  const [x, y] = [numbers(a), numbers(b)];
  for (let index = 0; index < Math.max(x.length, y.length); index++) {
    const difference = (x[index] ?? 0) - (y[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** A FAT volume id as blkid shows it: "1A2B-3C4D". */
export function serialOf(volumeId: number): string {
  const hex = (volumeId >>> 0).toString(16).toUpperCase().padStart(8, '0');
  return `${hex.slice(0, 4)}-${hex.slice(4)}`;
}
