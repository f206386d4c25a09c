// How the restored server will look for its flash: the kernel parameters on the `append` lines of
// the release's syslinux files, read as Unraid's rc.S reads /proc/cmdline. Pure: text in, facts out.
//
// etc/rc.d/rc.S in unraid/webgui:
// - 7.2 (tag 7.2.8, lines 64-106): `unraidlabel=NAME` replaces the label UNRAID, a deprecated
//   `unraidboot=NAME` overrides both, and the flash is `blkid -L` of that name; unraiduuid= is not read.
// - 7.3 (tag 7.3.0, lines 81-179): unraidboot= first, else `unraiduuid=` (`blkid -U`: a FAT
//   volume's serial XXXX-XXXX, or the numeric GUID of a ZFS boot pool, which 7.3's internal boot
//   writes into grub/grub.cfg only: ungrub/mkgrub line 31, ungrub/mkbootable lines 45-46,
//   emhttp/plugins/dynamix/scripts/manage_boot_params.sh lines 584-592), else the label.
import { DEFAULT_BOOT_LABEL, bootLabelProblem } from '../../shared/boot-label.js';
import { makeProblem, type BackupProblem } from '../../shared/problems.js';
import { isReleaseAtLeast } from './release.js';
import { message, type AnyMessage } from '../../shared/message.js';

/** The files whose append lines reach the kernel, in the order their names count: BIOS, UEFI, then the spare copy. */
export const BOOT_CONFIG_PATHS = ['syslinux/syslinux.cfg', 'EFI/boot/syslinux.cfg', 'EFI-/boot/syslinux.cfg', 'syslinux/syslinux.cfg-'] as const;

export interface BootFileText {
  /** The path as the backup has it. */
  readonly path: string;
  readonly text: string;
}

export interface BootNames {
  /** The volume label the restored drive must carry. */
  readonly label: string;
  /** A FAT volume serial ("1A2B-3C4D") that unraiduuid= asks for, which the drive then gets; null when none counts. */
  readonly volumeSerial: string | null;
  /** Append lines read, over all the files. */
  readonly appendLines: number;
  readonly problems: readonly BackupProblem[];
}

/** What one append line makes rc.S look for. */
interface LineNames {
  readonly path: string;
  readonly label: string;
  /** Only where the release reads it (7.3 and later) and no unraidboot= takes precedence. */
  readonly uuid: string | null;
}

const APPEND_LINE = /^([ \t]*append\b)([^\r\n]*)/gim;
const FAT_SERIAL = /^[0-9A-F]{4}-[0-9A-F]{4}$/i;

/** The kernel parameters of every append line in a syslinux config. */
export function appendParameters(text: string): string[][] {
  return [...text.matchAll(APPEND_LINE)].map((match) => (match[2] ?? '').trim().split(/\s+/).filter((word) => word !== ''));
}

/** The names the backup's boot files make Unraid look for, and what makes them unusable or ambiguous. */
export function bootNames(files: readonly BootFileText[], osVersion: string | null): BootNames {
  const lines = files.flatMap((file) => appendParameters(file.text).map((parameters) => namesOf(file.path, parameters, readsUuid(osVersion))));
  const problems: BackupProblem[] = [];
  const custom = lines.find((line) => line.label !== DEFAULT_BOOT_LABEL);
  const label = custom?.label ?? DEFAULT_BOOT_LABEL;

  const labels = firstOfEach(lines, (line) => line.label);
  for (const line of labels) {
    if (bootLabelProblem(line.label) !== null) problems.push(makeProblem('bad-boot-label', line.path, line.label));
  }
  if (labels.length > 1) problems.push(makeProblem('boot-label-mismatch', null, message('problem.detail.labels', { lines: labels.map(describeLine), label })));

  const uuids = firstOfEach(lines.filter((line) => line.uuid !== null), (line) => line.uuid!);
  for (const line of uuids) {
    if (!FAT_SERIAL.test(line.uuid!)) problems.push(makeProblem('boot-uuid-unmatchable', line.path, line.uuid!));
  }
  const serials = uuids.filter((line) => FAT_SERIAL.test(line.uuid!));
  if (serials.length > 1) problems.push(makeProblem('boot-uuid-mismatch', null, message('problem.detail.uuids', { lines: serials.map((line) => message('problem.detail.line-uuid', { path: line.path, uuid: line.uuid ?? '' })) })));
  const volumeSerial = serials[0]?.uuid?.toUpperCase() ?? null;
  return { label, volumeSerial, appendLines: lines.length, problems };
}

/** The FAT volume id a serial like "1A2B-3C4D" stands for (blkid prints the high word first). */
export function volumeIdOfSerial(serial: string): number {
  return Number.parseInt(serial.replace('-', ''), 16) >>> 0;
}

/**
 * The config with every append line naming `label`: an existing unraidlabel= (or unraidboot=) gets
 * the new name, a line without one gets ` unraidlabel=NAME` at its end, and for UNRAID, the
 * default, the parameter is taken out. Every other byte (line endings, spacing, other lines) stays.
 */
export function withBootLabel(text: string, label: string): string {
  return text.replace(APPEND_LINE, (_line, keyword: string, rest: string) => `${keyword}${parametersWithLabel(rest, label)}`);
}

function parametersWithLabel(parameters: string, label: string): string {
  let named = false;
  const edited = parameters.replace(/(\s)(unraidlabel|unraidboot)=\S*/g, (_match, space: string, key: string) => {
    named = true;
    return label === DEFAULT_BOOT_LABEL ? '' : `${space}${key}=${label}`;
  });
  if (named || label === DEFAULT_BOOT_LABEL) return edited;
  const trailing = /\s*$/.exec(edited)?.[0] ?? '';
  return `${edited.slice(0, edited.length - trailing.length)} unraidlabel=${label}${trailing}`;
}

function namesOf(path: string, parameters: readonly string[], uuidCounts: boolean): LineNames {
  const value = (key: string): string | undefined => {
    // rc.S matches them case by case (`unraidlabel=*)`, case-sensitive) in order, so the last one of a kind wins.
    const found = parameters.filter((word) => word.startsWith(`${key}=`)).at(-1);
    return found?.slice(key.length + 1);
  };
  const boot = value('unraidboot');
  const uuid = uuidCounts && boot === undefined ? (value('unraiduuid') ?? null) : null;
  return { path, label: boot ?? value('unraidlabel') ?? DEFAULT_BOOT_LABEL, uuid: uuid === '' ? null : uuid };
}

/** 7.2 and earlier ignore unraiduuid=; an unknown version might read it. */
function readsUuid(osVersion: string | null): boolean {
  return isReleaseAtLeast(osVersion, 7, 3) ?? true;
}

function firstOfEach(lines: readonly LineNames[], key: (line: LineNames) => string): LineNames[] {
  const seen = new Map<string, LineNames>();
  for (const line of lines) if (!seen.has(key(line))) seen.set(key(line), line);
  return [...seen.values()];
}

function describeLine(line: LineNames): AnyMessage {
  return message('problem.detail.line-names', { path: line.path, label: line.label });
}
