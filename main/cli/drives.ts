// `flash-creator drives [--json] [--all]`: the drives a backup can be restored to, each with its size,
// Unraid GUID and verdict. Without --all, this computer's own disks and virtual drives are left out
// (and counted), so the list holds the drives worth choosing between.
import { isCandidateDrive, type DriveSummary } from '../../shared/drives.js';
import { formatBytes, plural } from '../../shared/format.js';
import { formatMessage } from '../../shared/message.js';
import { listDrives } from '../drives/list.js';
import { EXIT_OK, parseCommandLine, type Command, type CommandUsage } from './io.js';
import { jsonText } from './json.js';

const DESCRIPTION_WIDTH = 40;

export const usage: CommandUsage = {
  summary: 'lists the drives a backup could be written to, each with its Unraid GUID and a verdict.',
  forms: ['[--json] [--all]'],
  options: [
    ['--json', 'print the list as JSON'],
    ['--all', "also list this computer's own disks and virtual drives"],
  ],
  examples: ['flash-creator drives'],
};

export const run: Command = async (args, io) => {
  const options = parseOptions(args);
  const all = await listDrives();
  const shown = options.all ? all : all.filter(isCandidateDrive);
  const hiddenCount = all.length - shown.length;
  io.stdout.write(options.json ? `${jsonText({ drives: shown, hiddenCount }, 2)}\n` : renderDriveTable(shown, hiddenCount));
  return EXIT_OK;
};

/** The drives as a table, each drive's reasons under its row, and a note on the drives left out. */
export function renderDriveTable(drives: readonly DriveSummary[], hiddenCount: number): string {
  const lines: string[] = [];
  if (drives.length === 0) {
    lines.push('No flash drive found: plug in a USB flash drive.');
  } else {
    const rows = [
      ['DEVICE', 'SIZE', 'DESCRIPTION', 'UNRAID GUID', 'VERDICT'],
      ...drives.map((drive) => [
        drive.device,
        drive.size === null ? '?' : formatBytes(drive.size),
        shorten(drive.description || '-', DESCRIPTION_WIDTH),
        drive.guid ?? 'none',
        drive.verdict,
      ]),
    ];
    const widths = rows[0]?.map((_cell, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
    rows.forEach((row, index) => {
      lines.push(row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd());
      for (const reason of drives[index - 1]?.reasons ?? []) lines.push(`  - ${formatMessage(reason.message)}`);
    });
  }
  if (hiddenCount > 0) {
    lines.push(`(${plural(hiddenCount, 'other drive')} not shown: this computer's own disks and virtual drives; --all lists them.)`);
  }
  return `${lines.join('\n')}\n`;
}

function parseOptions(args: string[]): { json: boolean; all: boolean } {
  const { values } = parseCommandLine({
    args,
    options: { json: { type: 'boolean', default: false }, all: { type: 'boolean', default: false } },
    allowPositionals: false,
  });
  return { json: values.json, all: values.all };
}

function shorten(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
