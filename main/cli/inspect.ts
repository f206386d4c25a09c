// flash-creator inspect <zip> [--json] [--deep]: what is in a flash backup, whether it can be
// restored, and what the user will have to redo afterwards.
import type { BackupReport, ChecklistSection } from '../../shared/backup-report.js';
import { DEFAULT_BOOT_LABEL } from '../../shared/boot-label.js';
import { englishList, formatBytes, plural } from '../../shared/format.js';
import { formatMessage, message } from '../../shared/message.js';
import { isBlocking, type BackupProblem } from '../../shared/problems.js';
import { inspectBackup } from '../backup/read-backup.js';
import { EXIT_OK, EXIT_PROBLEMS, oneBackupZip, parseCommandLine, type Command, type CommandUsage } from './io.js';
import { jsonText } from './json.js';
import { passphraseToRead, PASSWORD_FILE_USAGE } from './passphrase.js';

export const usage: CommandUsage = {
  summary: 'tells what a flash backup holds and whether it can be restored, without changing it.',
  forms: ['<backup.zip> [--json] [--deep] [--password-file <file>]'],
  options: [
    ['--json', 'print the report as exactly one JSON object'],
    ['--deep', 'also unpack every file and check its CRC-32 and the bz*.sha256 checksums'],
    PASSWORD_FILE_USAGE,
  ],
  examples: ['flash-creator inspect flash-backup.zip --deep'],
};

export const run: Command = async (args, io) => {
  const { zipPath, json, deep, passwordFile } = parseInspectArgs(args);
  const report = await inspectBackup(zipPath, { deep, passphrase: await passphraseToRead(zipPath, passwordFile, io) });
  io.stdout.write(json ? `${jsonText(withTitles(report))}\n` : summary(report));
  return report.ok ? EXIT_OK : EXIT_PROBLEMS;
};

/** The checklist's sections with their titles, as scripts read them in the JSON report. */
function withTitles(report: BackupReport): object {
  return { ...report, checklist: report.checklist.map(({ id, items }) => ({ id, title: message(`checklist.title.${id}`), items })) };
}

function parseInspectArgs(args: string[]): { zipPath: string; json: boolean; deep: boolean; passwordFile: string | undefined } {
  const options = { json: { type: 'boolean' }, deep: { type: 'boolean' }, 'password-file': { type: 'string' } } as const;
  const parsed = parseCommandLine({ args, allowPositionals: true, options });
  const zipPath = oneBackupZip(parsed.positionals);
  return { zipPath, json: parsed.values.json ?? false, deep: parsed.values.deep ?? false, passwordFile: parsed.values['password-file'] };
}

/** The report as a home-server owner reads it. */
export function summary(report: BackupReport): string {
  const lines = [report.zipName, ''];
  if (report.fileCount + report.folderCount > 0) lines.push(...facts(report), '');
  const release = report.kind === 'release';
  if (release) lines.push(report.ok ? 'This is an Unraid release: it makes a new server (flash-creator install).' : 'This Unraid release cannot be installed as it is: see the problems below.');
  else lines.push(report.ok ? 'This backup can be restored.' : 'This backup cannot be restored as it is: see the problems below.');
  if (report.checklist.length > 0) lines.push('', release ? 'On the new server:' : 'After the restore:', ...report.checklist.flatMap(checklistLines));
  const { templatesWithMaskedValues, maskedValues } = report.privacy;
  if (maskedValues > 0) {
    lines.push('', `Privacy: ${plural(templatesWithMaskedValues, 'container template')} hold ${plural(maskedValues, 'masked value')} ` +
      '(passwords, tokens). The new drive carries them too; keep it safe. This report never shows them.');
  }
  const blockingFirst = [...report.problems].sort((a, b) => Number(isBlocking(b)) - Number(isBlocking(a)));
  if (blockingFirst.length > 0) lines.push('', 'Problems:', ...blockingFirst.map(problemLine));
  return `${lines.join('\n')}\n`;
}

function facts(report: BackupReport): string[] {
  const released = report.releaseDate ? ` (released ${report.releaseDate})` : '';
  const largest = report.largestFile ? `; largest: ${report.largestFile.path}, ${formatBytes(report.largestFile.size)}` : '';
  const rows: [string, string][] = [
    ['Unraid OS', `${report.osVersion ? `${report.osVersion}${released}` : 'unknown (no changes.txt)'}${report.kind === 'release' ? ', a release (no server settings in config/)' : ''}`],
    ['Server name', report.kind === 'release' ? `${report.serverName ?? 'Tower'} (the release's default; install --name gives another)` : report.serverName ?? 'unknown (no NAME in config/ident.cfg)'],
    ['Contents', `${plural(report.fileCount, 'file')} in ${plural(report.folderCount, 'folder')}, ${formatBytes(report.totalBytes)}${largest}`],
    ['Layout', report.topFolder ? `inside the folder "${report.topFolder}", whose contents go to the drive's root` : 'files at the top of the zip'],
    ['Boot modes', bootModes(report)],
    ['Flash label', flashLabel(report)],
    ['Checked', report.deep ? 'every file unpacked: sizes, CRC-32 and SHA-256 checksums' : "the zip's directory and config files (--deep unpacks and verifies every file)"],
  ];
  return rows.map(([label, value]) => `  ${label.padEnd(12)} ${value}`);
}

/** The label the drive gets, where it comes from, and the volume id when the boot entries ask for one. */
function flashLabel({ boot }: BackupReport): string {
  if (boot.appendLines === 0) return `${boot.label} (the backup has no syslinux boot entries)`;
  const source = boot.label === DEFAULT_BOOT_LABEL ? 'Unraid’s default' : 'unraidlabel= on the boot entries';
  return `${boot.label} (${source})${boot.volumeSerial ? `; volume id ${boot.volumeSerial} (unraiduuid=)` : ''}`;
}

function bootModes({ boot }: BackupReport): string {
  const legacy = boot.legacy ? 'yes' : `no (${boot.legacyUnusable ? formatMessage(boot.legacyUnusable) : `missing ${englishList(boot.legacyMissing)}`})`;
  const uefi = { enabled: 'yes', disabled: 'turned off in this backup (EFI-)', absent: 'no (no EFI folder)' }[boot.uefi];
  return `legacy BIOS: ${legacy}; UEFI: ${uefi}`;
}

export function checklistLines(section: ChecklistSection): string[] {
  return [`  - ${formatMessage(message(`checklist.title.${section.id}`))}:`, `      ${englishList(section.items.map(formatMessage))}`];
}

function problemLine(problem: BackupProblem): string {
  return `  ${isBlocking(problem) ? '[cannot restore]' : '[note]'} ${formatMessage(problem.message)}`;
}
