// Ejecting a drive once it is written and verified, so the user can pull it out at once, as the
// file manager's "safely remove" does. Its volumes are already unmounted by then (the device
// target unmounts when it closes); this tells the system the drive itself is going.
import type { EjectResult } from '../../shared/drives.js';
import { message } from '../../shared/message.js';
import { runSystemTool } from './run-query.js';
import { SYSTEM_DIRECTORIES } from './system-tools.js';

interface EjectCommand {
  readonly command: string;
  readonly args: readonly string[];
}

/**
 * The system's commands that eject `device`, best first. Linux: udisks powers the USB device off
 * (what desktops do); util-linux's eject where udisks is missing. None on Windows: ejecting there
 * goes through the shell by drive letter, and a freshly written drive may not have one yet.
 */
export function ejectCommands(platform: NodeJS.Platform, device: string): readonly EjectCommand[] {
  if (platform === 'linux') return [{ command: 'udisksctl', args: ['power-off', '--block-device', device, '--no-user-interaction'] }, { command: 'eject', args: [device] }];
  if (platform === 'darwin') return [{ command: 'diskutil', args: ['eject', device] }];
  return [];
}

/** Ejects the drive, or says why the system would not; the commands are looked for in `directories` only. */
export async function ejectDrive(device: string, platform: NodeJS.Platform = process.platform, directories: readonly string[] = SYSTEM_DIRECTORIES): Promise<EjectResult> {
  const commands = ejectCommands(platform, device);
  if (commands.length === 0) return { ejected: false, reason: message('eject.windows') };
  const failures: string[] = [];
  for (const { command, args } of commands) {
    const result = await runSystemTool(command, args, directories);
    if (result.ok) return { ejected: true };
    failures.push(result.reason);
  }
  return { ejected: false, reason: message('eject.commands-failed', { detail: failures.join('; ') }) };
}
