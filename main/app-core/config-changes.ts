// The new text of the config files the user's settings change, read from the backup where it is
// opened, before any privileges are asked for; flash/edited-files.ts puts them on the drive.
import type { NetworkSettings } from '../../shared/ipc.js';
import { BOOT_CONFIG_PATHS, withBootLabel } from '../backup/boot-names.js';
import { IDENT_CFG, NETWORK_CFG, WIRELESS_CFG, withNetworkSettings, withServerName, type ConfigFileText, type EditableConfigPath } from '../backup/config-edits.js';
import { firstSettingsFiles } from '../backup/first-settings.js';
import { wirelessCfg } from '../backup/wireless-config.js';
import type { WifiSettings } from '../../shared/wifi.js';
import type { Backup } from '../backup/read-backup.js';
import { fatPathKey } from '../backup/restore-plan.js';
import { ConfigEditError } from '../flash/edited-files.js';
import { configText } from './backup-shelf.js';
import { message } from '../../shared/message.js';

/** The settings the user changed; the ones left out stay as the backup has them. */
export interface ConfigChanges {
  readonly serverName?: string;
  readonly network?: NetworkSettings;
  /** The flash label for every append line of the syslinux files. */
  readonly bootLabel?: string;
  /** config/wireless.cfg, written whole, replacing the backup's own if it has one. */
  readonly wifi?: WifiSettings;
  /** A release installed for a new server: its first settings, the files it lacks created. */
  readonly newServer?: true;
}

/** The new text of each file the changes touch; a value equal to the backup's own leaves its line, and so the file, as it was. */
export async function changedConfigFiles(backup: Pick<Backup, 'items' | 'archive' | 'bootFiles'>, changes: ConfigChanges): Promise<ConfigFileText[]> {
  if (changes.newServer) return firstSettingsFiles({ ident: await configText(backup, IDENT_CFG), network: await configText(backup, NETWORK_CFG) }, changes);
  const files: ConfigFileText[] = [];
  const change = async (path: EditableConfigPath, edit: (text: string) => string): Promise<void> => {
    const text = await configText(backup, path);
    if (text === undefined) throw new ConfigEditError(message('config.no-readable-copy', { path }));
    const changed = edit(text);
    if (changed !== text) files.push({ path, text: changed });
  };
  const { serverName, network } = changes;
  if (serverName !== undefined) await change(IDENT_CFG, (text) => withServerName(text, serverName));
  if (network !== undefined) await change(NETWORK_CFG, (text) => withNetworkSettings(text, network));
  if (changes.bootLabel !== undefined) files.push(...labelledBootFiles(backup.bootFiles, changes.bootLabel));
  if (changes.wifi !== undefined) files.push({ path: WIRELESS_CFG, text: wirelessCfg(changes.wifi), create: true });
  return files;
}

/** Every syslinux config whose append lines change for `label`, under the name the app edits it by. */
function labelledBootFiles(bootFiles: Backup['bootFiles'], label: string): ConfigFileText[] {
  if (!bootFiles.some((file) => /^[ \t]*append\b/im.test(file.text))) throw new ConfigEditError(message('config.no-append-line'));
  return bootFiles.flatMap((file) => {
    const path = BOOT_CONFIG_PATHS.find((known) => fatPathKey(known) === fatPathKey(file.path));
    const text = withBootLabel(file.text, label);
    return path !== undefined && text !== file.text ? [{ path, text }] : [];
  });
}
