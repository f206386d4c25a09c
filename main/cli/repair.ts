// flash-creator repair --device <path>: a flash that no longer boots, repaired on the same stick.
// It is read (read-only, by the one FAT reader) and judged (main/repair/diagnosis.ts); --check
// stops there. A repair first saves a back-up zip of the whole flash where --out says, then reads
// that zip back into the files the stick gets (the flash as it was, except the repairs asked for:
// a roll back to previous/, bz files from a release zip of the same version) and restores them as
// `write --device` restores any backup: probe, fresh FAT32, boot loader made anew, read back and
// verified, with the stick's own volume id. The licence needs nothing: it is the same stick.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { englishList, plural } from '../../shared/format.js';
import { formatMessage, message } from '../../shared/message.js';
import { defaultBackupName } from '../backup-maker/backup-rules.js';
import { fileDestination } from '../backup-maker/zip-destination.js';
import { diagnose, serialOf, type Diagnosis } from '../repair/diagnosis.js';
import { readFlashState, type FlashState } from '../repair/flash-state.js';
import { repairedFiles, replacedByRepair, type RepairRequest } from '../repair/plan.js';
import { releaseReplacements } from '../repair/release-zip.js';
import { filesInZip } from '../repair/zip-files.js';
import { callerFromSystem } from '../system/caller.js';
import { copyFlash, missingLines, openSource, outputTarget } from './backup.js';
import { EXIT_OK, EXIT_PROBLEMS, parseCommandLine, UsageError, type CliIO, type Command, type CommandUsage } from './io.js';
import { parseSwitch, writeDevice } from './write.js';

export const usage: CommandUsage = {
  summary: 'says what is wrong with an Unraid flash that no longer boots and repairs it on the same stick, after saving a back-up zip of it.',
  forms: [
    '--device <path> --check [--uefi on|off]',
    '--device <path> --out <zip or folder> [--rollback] [--release-zip <file>] [--uefi on|off] [--yes] [--unsafe] [--allow-missing]',
  ],
  options: [
    ['--device <path>', 'the flash to repair (read-only until the back-up zip is saved and checked)'],
    ['--check', 'say what is wrong and change nothing: exit 0 when nothing needs repair, 1 when something does'],
    ['--out <zip or folder>', 'where the back-up zip of the flash as it was is saved, on another drive (a folder names it as Unraid does)'],
    ['--rollback', 'bring back the release in previous/, as Unraid\'s Downgrade OS does'],
    ['--release-zip <file>', 'replace the bz files that fail their checksum from this release zip, which must be the same version'],
    ['--uefi on|off', 'turn UEFI boot on or off; without it the flash\'s choice is kept'],
    ['--yes', 'do not ask before erasing the stick (required without a terminal)'],
    ['--unsafe', 'accept a drive that is not removable, or a loop device, if it is not in use'],
    ['--allow-missing', 'rewrite the stick even when files of it could not be read (they are named; without this nothing is written)'],
  ],
  examples: ['flash-creator repair --device /dev/sdb --check', 'flash-creator repair --device /dev/sdb --release-zip unRAIDServer-7.2.3-x86_64.zip --out ~/'],
};

interface RepairOptions {
  readonly device: string;
  readonly check: boolean;
  readonly out: string | undefined;
  readonly rollback: boolean;
  readonly releaseZip: string | undefined;
  readonly uefi: boolean | undefined;
  readonly yes: boolean;
  readonly unsafe: boolean;
  readonly allowMissing: boolean;
}

export const run: Command = async (args, io) => {
  const options = parseRepairArgs(args);
  const target = options.check ? undefined : await outputTarget(options.out);
  const release = options.releaseZip === undefined ? undefined : await filesInZip(options.releaseZip);
  const stage = await mkdtemp(join(tmpdir(), 'flash-creator-repair-'));
  try {
    const opened = await openSource({ kind: 'device', path: options.device }, target?.folder ?? stage, io, 'repair');
    if (!opened) return EXIT_PROBLEMS;
    let saved: string;
    let state: FlashState;
    let request: RepairRequest;
    try {
      const { flash, summary } = opened;
      if (!flash.fat) throw new Error('a drive is read through its FAT volume');
      io.stdout.write(`Reading ${opened.describe} (${flash.layout}; Unraid ${summary.version ?? 'version unknown'}, server ${summary.server ?? 'name unknown'})\n`);
      state = await readFlashState({ ...flash, fat: flash.fat });
      const diagnosis = diagnose(state, { uefi: options.uefi });
      printDiagnosis(diagnosis, io);
      if (options.check) return diagnosis.needsRepair ? EXIT_PROBLEMS : EXIT_OK;

      const refusal = refusalOf(diagnosis, options);
      if (refusal) return say(io, `${refusal} Nothing was written.`);
      const replacements = release ? await releaseReplacements(release.files, state.release.version, diagnosis.badImages) : { files: [] };
      if ('problem' in replacements) return say(io, `${options.releaseZip}: ${replacements.problem} Nothing was written.`);
      request = { rollback: options.rollback, replacements: replacements.files };

      saved = target!.file ?? join(target!.folder, defaultBackupName(summary.server, summary.version, new Date()).replace(/\.zip$/, '-before-repair.zip'));
      if (await stat(saved).catch(() => undefined)) return say(io, `${saved} already exists; give another --out. Nothing was written.`);
      io.stdout.write(`Saving the flash as it is to ${saved}\n`);
      const copied = await copyFlash(flash, fileDestination(saved, { caller: callerFromSystem() }), {
        withoutSecrets: false, purpose: 'clone', comment: `The flash ${opened.describe} before its repair, saved by Flash Creator on ${new Date().toISOString()}.`,
      }, io, { command: 'repair', afterFailure: 'Nothing was written to the drive.' });
      if (!copied) return EXIT_PROBLEMS;
      // What the repair replaces need not be read from the flash.
      const missing = copied.result.missing.filter(({ path }) => !replacedByRepair(path, request));
      if (missing.length > 0) {
        io.stderr.write(`flash-creator repair: ${plural(missing.length, 'item')} of the flash could not be read, so the saved zip lacks ${missing.length === 1 ? 'it' : 'them'}:\n${missingLines(missing)}`);
        if (!options.allowMissing) return say(io, `Nothing was written to the drive; the rest is saved in ${saved}. Add --allow-missing to rewrite the stick without them.`);
        io.stderr.write('Rewriting the stick without them (--allow-missing).\n');
      }
    } finally {
      await opened.close();
    }
    // The stick is rewritten from the saved zip, read back whole: a zip that does not read back is never written.
    const staged = join(stage, 'repaired.zip');
    const changed = await stageRepaired(saved, staged, request, io);
    if (!changed) return say(io, `the saved zip ${saved} does not read back whole. Nothing was written to the drive.`);
    const code = await writeDevice(staged, options.device, {
      uefi: options.uefi, yes: options.yes, unsafe: options.unsafe, volumeId: state.volume.volumeId, what: `the repaired flash (saved first in ${saved})`,
    }, io);
    if (code !== EXIT_OK) {
      io.stderr.write(`The flash as it was is saved in ${saved}. To put it back as it was: flash-creator write ${saved} --device ${options.device}\n` +
        'If the stick failed its probe, write that zip to a new drive instead (then move the licence to it with Tools, Registration, Replace Key).\n');
      return code;
    }
    io.stdout.write(repairSummary(changed, state, saved, options));
    return EXIT_OK;
  } finally {
    release?.close();
    await rm(stage, { recursive: true, force: true });
  }
};

function printDiagnosis(diagnosis: Diagnosis, io: CliIO): void {
  const lines = diagnosis.findings.map((finding) => `  ${finding.needsRepair ? 'needs repair' : 'note'}: ${formatMessage(finding.message)}\n`);
  const verdict = diagnosis.needsRepair ? 'This flash needs repair:' : formatMessage(message('repair.healthy'));
  io.stdout.write(`${verdict}\n${lines.join('')}`);
}

/** Why the repairs asked for cannot be done on this flash; undefined when they can. */
function refusalOf(diagnosis: Diagnosis, options: RepairOptions): string | undefined {
  if (options.rollback) {
    const previous = diagnosis.previous;
    if (!previous?.whole) return 'there is no whole release in previous/ to roll back to.';
    if (previous.refusal) return formatMessage(previous.refusal);
    return undefined;
  }
  if (diagnosis.badImages.length > 0 && options.releaseZip === undefined) {
    return `${englishList(diagnosis.badImages)} must be replaced: give a release zip of the same version with --release-zip <file>, or roll back with --rollback.`;
  }
  return undefined;
}

/** The saved zip's files, repaired, into `staged`; the paths changed, or undefined when the saved zip does not read back. */
async function stageRepaired(saved: string, staged: string, request: RepairRequest, io: CliIO): Promise<readonly { path: string; from: string }[] | undefined> {
  const zip = await filesInZip(saved);
  try {
    const repaired = repairedFiles(zip.files, request);
    const copied = await copyFlash({ files: repaired.files, problems: [], layout: 'a zip' }, staged, {
      withoutSecrets: false, purpose: 'clone', comment: `Repaired from ${saved} by Flash Creator.`,
    }, io, { command: 'repair', afterFailure: 'Nothing was written to the drive.' });
    return copied && copied.result.missing.length === 0 ? repaired.changed : undefined;
  } finally {
    zip.close();
  }
}

function repairSummary(changed: readonly { path: string; from: string }[], state: FlashState, saved: string, options: RepairOptions): string {
  const from = (path: string, source: string): string => `  ${path}: ${source === 'previous' ? 'from previous/' : `from ${options.releaseZip}`}\n`;
  return [
    `Repaired: a fresh FAT32 with the label ${state.label ?? 'UNRAID'} and the volume id ${serialOf(state.volume.volumeId)} as before, the boot loader made anew` +
      `${changed.length > 0 ? ', and:' : '; every file as it was.'}\n`,
    ...changed.map(({ path, from: source }) => from(path, source)),
    `The flash as it was is saved in ${saved}.\n`,
    'The licence needs nothing: it is the same stick, with the same GUID.\n',
  ].join('');
}

function say(io: CliIO, text: string): number {
  io.stderr.write(`flash-creator repair: ${text}\n`);
  return EXIT_PROBLEMS;
}

function parseRepairArgs(args: string[]): RepairOptions {
  const { values, positionals } = parseCommandLine({
    args,
    allowPositionals: true,
    options: {
      device: { type: 'string' }, check: { type: 'boolean' }, out: { type: 'string' }, rollback: { type: 'boolean' }, 'release-zip': { type: 'string' },
      uefi: { type: 'string' }, yes: { type: 'boolean' }, unsafe: { type: 'boolean' }, 'allow-missing': { type: 'boolean' },
    },
  });
  if (positionals.length > 0) throw new UsageError(`repair takes no positional arguments (given: ${positionals.join(' ')}).`);
  if (values.device === undefined) throw new UsageError('repair what? Give the flash with --device <path> (see flash-creator drives).');
  const check = values.check ?? false;
  if (!check && values.out === undefined) throw new UsageError('where should the back-up zip of the flash go? Give --out <zip or folder> on another drive, or --check to only look.');
  if (values.rollback && values['release-zip'] !== undefined) throw new UsageError('--rollback brings back the release in previous/; it takes no --release-zip.');
  return {
    device: values.device,
    check,
    out: values.out,
    rollback: values.rollback ?? false,
    releaseZip: values['release-zip'],
    uefi: parseSwitch(values.uefi),
    yes: values.yes ?? false,
    unsafe: values.unsafe ?? false,
    allowMissing: values['allow-missing'] ?? false,
  };
}
