// flash-creator clone --from <path> --device <path>: an old Unraid flash onto a new drive, at the
// new drive's size, in one job. The old flash is read (read-only) into a backup zip that keeps
// everything of Unraid's, passwords and keys included, in a temporary folder; that zip is restored
// as `write --device` restores any backup: the same planner, checks, confirmation, privileged
// writer, read-back and verify, the boot loader made anew.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { englishList, formatBytes, plural } from '../../shared/format.js';
import { formatMessage } from '../../shared/message.js';
import { LDLINUX_PATH, MBR_PATH } from '../backup/release.js';
import { describeDevice, DeviceError, type DeviceDescription } from '../drives/device.js';
import { copyFlash, missingLines, openSource, type FlashSource } from './backup.js';
import { EXIT_OK, EXIT_PROBLEMS, parseCommandLine, UsageError, type CliIO, type Command, type CommandUsage } from './io.js';
import { parseSwitch, writeDevice } from './write.js';

export const usage: CommandUsage = {
  summary: "copies an old Unraid flash (a drive, read-only, or an image of one) onto a new drive, keeping everything on it, then verifies it.",
  forms: ['--from <drive or image> --device <path> [--yes] [--unsafe] [--uefi on|off] [--allow-missing]'],
  options: [
    ['--from <path>', 'the old flash: a drive (opened read-only) or an image of one'],
    ['--device <path>', 'the new drive, written at its own size; checked, confirmed and verified as write --device does it'],
    ['--yes', 'do not ask before erasing the new drive (required without a terminal)'],
    ['--unsafe', 'accept a drive that is not removable, or a loop device, if it is not in use'],
    ['--uefi on|off', 'turn UEFI boot on or off on the new drive; without it the old flash\'s choice is kept'],
    ['--allow-missing', 'write the new drive even when files of the old one could not be read (they are named; without this nothing is written)'],
  ],
  examples: ['flash-creator clone --from /dev/sdb --device /dev/sdc'],
};

// Everything on the old flash is kept, passwords and keys too (other systems' housekeeping folders
// are left out), and the boot loader is made anew. The copy is staged as a zip in the system's
// temporary folder, which needs room for it, encrypted (AES-256) with a one-time key that lives
// only in this process's memory (and the writer's job): what a crash leaves there reads as noise.
export const run: Command = async (args, io) => {
  const options = parseCloneArgs(args);
  const source = await sourceKind(options.from);
  const stage = await mkdtemp(join(tmpdir(), 'flash-creator-clone-'));
  const stagingKey = randomBytes(32).toString('base64');
  try {
    const target = await describeTarget(options.device, io);
    if (!target) return EXIT_PROBLEMS;
    const opened = await openSource(source, stage, io, 'clone');
    if (!opened) return EXIT_PROBLEMS;
    let zipPath: string;
    try {
      if (opened.device && opened.device.devNumber === target.devNumber) {
        io.stderr.write(`flash-creator clone: ${target.device} is the drive being copied: the new drive must be another one. Nothing was written.\n`);
        return EXIT_PROBLEMS;
      }
      io.stdout.write(`Reading ${opened.describe} (${opened.flash.layout})\n`);
      for (const problem of opened.flash.problems) io.stderr.write(`  note: ${formatMessage(problem.message)}\n`);
      zipPath = join(stage, 'old-flash.zip');
      const copied = await copyFlash(opened.flash, zipPath, { withoutSecrets: false, purpose: 'clone', passphrase: stagingKey, comment: `Clone of ${opened.describe}, staged by Flash Creator.` }, io, {
        command: 'clone', afterFailure: 'Nothing was written to the new drive.',
      });
      if (!copied) return EXIT_PROBLEMS;
      const { result, seconds } = copied;
      io.stdout.write(`Read ${plural(result.files, 'file')} in ${plural(result.folders, 'folder')} (${formatBytes(result.bytes)}) in ${seconds.toFixed(1)} s.\n`);
      if (result.leftOut.length > 0) io.stdout.write(`Left out: ${englishList(result.leftOut.map(({ path }) => path))} (other systems' housekeeping).\n`);
      if (result.missing.length > 0) {
        const boot = result.missing.filter(({ path }) => isBootFile(path)).map(({ path }) => path);
        const lacking = boot.length > 0 ? `, boot files among them (${englishList(boot)}): the new drive may not boot` : '';
        io.stderr.write(`flash-creator clone: ${plural(result.missing.length, 'item')} of the old flash could not be read${lacking}:\n${missingLines(result.missing)}`);
        if (!options.allowMissing) {
          io.stderr.write('Nothing was written. Add --allow-missing to write the new drive without them.\n');
          return EXIT_PROBLEMS;
        }
        io.stderr.write('Writing the new drive without them (--allow-missing).\n');
      }
    } finally {
      await opened.close();
    }
    const code = await writeDevice(zipPath, target.device, { uefi: options.uefi, yes: options.yes, unsafe: options.unsafe, what: `a copy of ${opened.describe}`, passphrase: stagingKey }, io);
    if (code === EXIT_OK) io.stdout.write(cloneChecklist(opened.device, target));
    return code;
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
};

interface CloneOptions {
  readonly from: string;
  readonly device: string;
  readonly yes: boolean;
  readonly unsafe: boolean;
  readonly uefi: boolean | undefined;
  readonly allowMissing: boolean;
}

function parseCloneArgs(args: string[]): CloneOptions {
  const { values, positionals } = parseCommandLine({
    args,
    allowPositionals: true,
    options: {
      from: { type: 'string' }, device: { type: 'string' }, yes: { type: 'boolean' }, unsafe: { type: 'boolean' },
      uefi: { type: 'string' }, 'allow-missing': { type: 'boolean' },
    },
  });
  if (positionals.length > 0) throw new UsageError(`clone takes no positional arguments (given: ${positionals.join(' ')}).`);
  if (values.from === undefined) throw new UsageError('copy what? Give the old flash with --from <drive or image>.');
  if (values.device === undefined) throw new UsageError('onto what? Give the new drive with --device <path> (see flash-creator drives).');
  return {
    from: values.from,
    device: values.device,
    yes: values.yes ?? false,
    unsafe: values.unsafe ?? false,
    uefi: parseSwitch(values.uefi),
    allowMissing: values['allow-missing'] ?? false,
  };
}

/** A drive or an image file, by what the path is. */
async function sourceKind(path: string): Promise<FlashSource> {
  const stats = await stat(path).catch(() => undefined);
  if (stats?.isBlockDevice()) return { kind: 'device', path };
  if (stats?.isFile()) return { kind: 'image', path };
  throw new UsageError(`--from ${path} is neither a drive nor an image file.`);
}

async function describeTarget(path: string, io: CliIO): Promise<DeviceDescription | undefined> {
  try {
    return await describeDevice(path);
  } catch (error) {
    if (!(error instanceof DeviceError)) throw error;
    io.stderr.write(`flash-creator clone: ${error.message}\n`);
    return undefined;
  }
}

/** What boots: the release's kernel and images, syslinux and EFI. */
function isBootFile(path: string): boolean {
  const key = path.toLowerCase();
  return /^bz[^/]*$/.test(key) || key.startsWith('syslinux/') || key === 'syslinux' || /^efi-?(\/|$)/.test(key) || key === MBR_PATH || key === LDLINUX_PATH;
}

/** What a clone leaves to do: the licence follows the GUID; everything else travelled. */
function cloneChecklist(source: DeviceDescription | undefined, target: DeviceDescription): string {
  const guid = (drive: DeviceDescription): string => drive.guid ?? `none (${formatMessage(drive.noGuidReason)})`;
  return [
    '',
    'After the first boot from the new drive:',
    `  - Licence: the key is tied to the old flash${source ? ` (GUID ${guid(source)})` : ''}; the new one has GUID ${guid(target)}.`,
    '    Use Tools › Registration › Replace Key to move the licence to it.',
    '  - Passwords, WireGuard keys, plugins and settings travelled with the copy: nothing to redo.',
    '',
  ].join('\n');
}
