// flash-creator install: Unraid on a new drive, from the release list (downloaded into the cache,
// its SHA-256 checked) or a release zip, with the new server's first settings written into its
// config/. The write is `write`'s own (writeImage, writeDevice): the bz files are checked against
// their .sha256 (before a drive is touched, as an image is written), then written, read back and verified.
import { IDENT_CFG, NETWORK_CFG } from '../backup/config-edits.js';
import { firstSettingsFiles } from '../backup/first-settings.js';
import { buildNewServerChecklist } from '../backup/new-server.js';
import { configText } from '../app-core/backup-shelf.js';
import { checklistLines } from './inspect.js';
import { downloadedRelease } from './release-download.js';
import { parseInstallArgs, type InstallRequest } from './install-args.js';
import { EXIT_OK, EXIT_PROBLEMS, type CliIO, type Command, type CommandUsage } from './io.js';
import { loadBackup } from './verify.js';
import { writeDevice, writeImage } from './write.js';

export const usage: CommandUsage = {
  summary: 'installs Unraid on a new drive (or an image), from the release list or a release zip, with the new server’s first settings.',
  forms: [
    '(--release <version>|latest | --zip <file>) (--device <path> [--yes] [--unsafe] | --image <file> [--size 8G]) [--name <name>] ' +
      '[--dhcp | --ip <a.b.c.d> --netmask <mask> [--gateway <a.b.c.d>] [--dns <a.b.c.d>]] ' +
      '[--wifi-ssid <ssid> --wifi-security psk|sae|open [--wifi-password-file <file>] --wifi-country <CC>] [--uefi on|off] [--offline]',
  ],
  options: [
    ['--release <version>', 'a release from the list (flash-creator releases); latest is the newest stable one'],
    ['--zip <file>', 'a release zip you have (unRAIDServer-<version>-x86_64.zip)'],
    ['--device <path>', 'write this drive (see flash-creator drives); everything on it is erased'],
    ['--image <file>', 'write a sparse drive image file instead, of --size (default 8G)'],
    ['--name <name>', 'the server’s name (1-15 letters, digits, - and ., first and last a letter or digit); Tower otherwise'],
    ['--dhcp', 'the address from the network’s DHCP server (the release’s default)'],
    ['--ip, --netmask, --gateway, --dns', 'a fixed address; without --dns the gateway answers names'],
    ['--wifi-ssid <ssid>', 'join this Wi-Fi network (Unraid 7.1 or later), with --wifi-security and --wifi-country'],
    ['--wifi-password-file <file>', 'the Wi-Fi password, read from a file; written in plain text, the server encrypts it at first boot'],
    ['--uefi on|off', 'UEFI boot on (the default of the release) or off'],
    ['--yes, --unsafe', 'as for flash-creator write --device'],
    ['--offline', 'fetch nothing: only --zip'],
  ],
  examples: [
    'flash-creator install --release latest --device /dev/sdb --name NAS1',
    'flash-creator install --zip unRAIDServer-7.2.1-x86_64.zip --image nas.img --ip 192.168.1.50 --netmask 255.255.255.0 --gateway 192.168.1.1',
  ],
};

export const run: Command = async (args, io) => {
  const request = parseInstallArgs(args);
  const zipPath = request.source.kind === 'zip' ? request.source.path : await downloadedRelease(request.source.version, io);
  if (zipPath === undefined) return EXIT_PROBLEMS;
  // The bz files are checked by the write itself (writeImage, writeDevice), not here as well.
  const backup = await loadBackup(zipPath, io, { checkBeforeWrite: false });
  if (!backup) return EXIT_PROBLEMS;
  let configFiles;
  try {
    if (backup.report.kind !== 'release') {
      io.stderr.write(`${backup.report.zipName} is a flash backup of a server, not an Unraid release: restore it with flash-creator write. Nothing was written.\n`);
      return EXIT_PROBLEMS;
    }
    configFiles = firstSettingsFiles({ ident: await configText(backup, IDENT_CFG), network: await configText(backup, NETWORK_CFG) }, request.settings);
    if (request.destination.kind === 'image') {
      const code = await writeImage(backup, request.destination.path, request.imageSize!, { uefi: request.uefi, configFiles }, io);
      return code === EXIT_OK ? printChecklist(request, backup.report.serverName, backup.report.osVersion, io) : code;
    }
  } finally {
    backup.archive.close();
  }
  const options = { uefi: request.uefi, yes: request.yes, unsafe: request.unsafe, what: backup.report.zipName, configFiles };
  const code = await writeDevice(zipPath, request.destination.path, options, io);
  return code === EXIT_OK ? printChecklist(request, backup.report.serverName, backup.report.osVersion, io) : code;
};

function printChecklist(request: InstallRequest, releaseName: string | null, osVersion: string | null, io: CliIO): number {
  const { settings } = request;
  const checklist = buildNewServerChecklist({
    serverName: settings.serverName ?? releaseName,
    address: settings.network && !settings.network.dhcp ? settings.network.address : null,
    osVersion,
    wifiNetwork: settings.wifi?.ssid ?? null,
  });
  io.stdout.write(['', 'On the new server:', ...checklist.flatMap(checklistLines), ''].join('\n'));
  return EXIT_OK;
}
