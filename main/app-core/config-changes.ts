// The new text of the config files the user's settings change, read from the backup where it is
// opened, before any privileges are asked for; flash/edited-files.ts puts them on the drive.
import type { NetworkSettings } from '../../shared/ipc.js';
import { IDENT_CFG, NETWORK_CFG, withNetworkSettings, withServerName, type ConfigFileText, type EditableConfigPath } from '../backup/config-edits.js';
import type { Backup } from '../backup/read-backup.js';
import { ConfigEditError } from '../flash/edited-files.js';
import { configText } from './backup-shelf.js';

/** The settings the user changed; the ones left out stay as the backup has them. */
export interface ConfigChanges {
  readonly serverName?: string;
  readonly network?: NetworkSettings;
}

/** The new text of each file the changes touch; a value equal to the backup's own leaves its line, and so the file, as it was. */
export async function changedConfigFiles(backup: Pick<Backup, 'items' | 'archive'>, changes: ConfigChanges): Promise<ConfigFileText[]> {
  const files: ConfigFileText[] = [];
  const change = async (path: EditableConfigPath, edit: (text: string) => string): Promise<void> => {
    const text = await configText(backup, path);
    if (text === undefined) throw new ConfigEditError(`${path} cannot be changed: the backup has no readable copy of it.`);
    const changed = edit(text);
    if (changed !== text) files.push({ path, text: changed });
  };
  const { serverName, network } = changes;
  if (serverName !== undefined) await change(IDENT_CFG, (text) => withServerName(text, serverName));
  if (network !== undefined) await change(NETWORK_CFG, (text) => withNetworkSettings(text, network));
  return files;
}
