// `flash-creator check --device <path> [--unsafe] [--offline] [--json]`: a stick the user is
// thinking of using, judged before anything is restored to it. The capacity probe (through the
// privileged writer: it writes to the drive, then puts back what it overwrote), the drive's
// sequential write and read speed measured on the probe's own 32 MiB run, and whether Lime
// Technology will license its GUID (asked online unless --offline; never blocks).
import { formatBytes } from '../../shared/format.js';
import { licenceLine, licenceRulesOut, type LicenceStatus } from '../../shared/licence.js';
import { formatMessage, formatMessages } from '../../shared/message.js';
import { isSlow, type ProbeResult } from '../../shared/probe.js';
import { DeviceError, describeDevice } from '../drives/device.js';
import { licenceOfDrive } from '../licence/guid-service.js';
import { runWithPrivileges } from '../writer/client.js';
import { refusalsFor } from '../writer/recheck.js';
import { EXIT_OK, EXIT_PROBLEMS, parseCommandLine, UsageError, type Command, type CommandUsage } from './io.js';
import { printProbe } from './probe-report.js';
import { confirmedDrive } from './verify.js';
import { jsonText } from './json.js';

export const usage: CommandUsage = {
  summary: 'checks a USB flash drive before a backup goes on it: its real capacity (a probe that finds counterfeit drives and puts back what it overwrote), its speed, and whether its GUID can take an Unraid licence.',
  forms: ['--device <path> [--unsafe] [--offline] [--json]'],
  options: [
    ['--device <path>', "the drive, as 'flash-creator drives' lists it"],
    ['--unsafe', 'also accept a non-removable or virtual drive (a loop device) not in use'],
    ['--offline', "do not ask Lime Technology's GUID service (keys.lime-technology.com) about the drive's GUID: nothing is sent"],
    ['--json', 'print one JSON object'],
  ],
  examples: ['flash-creator check --device /dev/sdb'],
};

export interface CheckReport {
  readonly device: string;
  readonly description: string;
  readonly size: number;
  readonly guid: string | null;
  readonly capacity: ProbeResult;
  readonly licence: LicenceStatus;
  readonly slow: boolean;
  /** Genuine, and nothing rules the GUID out. */
  readonly good: boolean;
}

export const run: Command = async (args, io) => {
  const { values, positionals } = parseCommandLine({
    args,
    options: { device: { type: 'string' }, unsafe: { type: 'boolean' }, offline: { type: 'boolean' }, json: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new UsageError(`check takes no backup or other arguments (given: ${positionals.join(' ')}); name the drive with --device.`);
  if (values.device === undefined) throw new UsageError('which drive? Give it with --device <path> (see flash-creator drives).');
  let found;
  try {
    found = await describeDevice(values.device);
  } catch (error) {
    if (!(error instanceof DeviceError)) throw error;
    io.stderr.write(`${error.message}\n`);
    return EXIT_PROBLEMS;
  }
  const drive = confirmedDrive(found);
  const unsafe = values.unsafe ?? false;
  const refusals = refusalsFor(found, drive, { unsafe });
  if (refusals.length > 0) {
    io.stderr.write(`flash-creator check: will not probe ${found.device}:\n${refusals.map((reason) => `  ${formatMessage(reason)}\n`).join('')}`);
    return EXIT_PROBLEMS;
  }
  // Asked while the probe runs: the network never holds the check up for longer than its timeout.
  const licence = licenceOfDrive(found, { offline: values.offline ?? false });
  if (!values.json) io.stdout.write(`Checking ${found.device} (${found.description || 'no description'}, ${formatBytes(drive.size)}): writing and reading back places across the drive…\n`);
  const outcome = await runWithPrivileges({ kind: 'check', drive, unsafe }, () => undefined);
  if (outcome.status === 'refused' || outcome.status === 'failed') {
    io.stderr.write(`flash-creator check: ${outcome.status === 'refused' ? `will not probe ${outcome.device}: ${formatMessages(outcome.reasons)}` : formatMessage(outcome.message)}\n`);
    return EXIT_PROBLEMS;
  }
  if (outcome.status !== 'checked') throw new Error(`the writer answered a check with ${outcome.status}`);
  const capacity = outcome.probe;
  const licenceStatus = await licence;
  const good = capacity.verdict === 'genuine' && !licenceRulesOut(licenceStatus);
  const report: CheckReport = { device: found.device, description: found.description, size: drive.size, guid: found.guid, capacity, licence: licenceStatus, slow: isSlow(capacity), good };
  if (values.json) {
    io.stdout.write(`${jsonText(report, 2)}\n`);
  } else {
    printProbe(capacity, io, 'check');
    (licenceRulesOut(licenceStatus) ? io.stderr : io.stdout).write(`${formatMessage(licenceLine(licenceStatus))}\n`);
    io.stdout.write(good ? `${found.device} can be used for Unraid.\n` : '');
    if (!good) io.stderr.write(`Do not use ${found.device} for Unraid.\n`);
  }
  return good ? EXIT_OK : EXIT_PROBLEMS;
};
