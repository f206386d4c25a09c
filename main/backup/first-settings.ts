// A new server's first settings, written into the release's config/ as Unraid reads them
// (REFERENCE §11): the name in ident.cfg, the address in network.cfg (edited in place by
// config-edits.ts, or created as rc.inet1.conf's own defaults with the address set), Wi-Fi in a new
// wireless.cfg. Pure: the release's files in, the files to write out. UEFI is the write's own
// option (restore-content.ts), as for a restore.
import type { NetworkSettings } from '../../shared/ipc.js';
import { networkProblem, serverNameProblem } from '../../shared/ipc.js';
import type { AnyMessage } from '../../shared/message.js';
import { IDENT_CFG, NETWORK_CFG, WIRELESS_CFG, withNetworkSettings, withServerName, type ConfigFileText } from './config-edits.js';
import { wifiProblem, type WifiSettings } from '../../shared/wifi.js';
import { wirelessCfg } from './wireless-config.js';

export interface FirstSettings {
  /** ident.cfg's NAME; the release's (Tower) when not given. */
  readonly serverName?: string;
  /** The first interface's address; the release's (DHCP) when not given. */
  readonly network?: NetworkSettings;
  readonly wifi?: WifiSettings;
}

/** The release's own copies of the files the settings change; undefined where it has none. */
export interface ReleaseConfig {
  readonly ident: string | undefined;
  readonly network: string | undefined;
}

/**
 * What rc.inet1.conf assumes when there is no network.cfg (its "default legacy settings"): one
 * bonded, bridged interface by DHCP. A release without the file gets this, with the address set.
 * The keys without an index are the first interface's: rc.inet1.conf declares them associative
 * arrays, so IPADDR="x" is IPADDR[0]. CRLF, as Unraid writes it.
 */
export const DEFAULT_NETWORK_CFG = [
  '# Generated settings:', 'USE_DHCP="yes"', 'IPADDR=""', 'NETMASK=""', 'GATEWAY=""', 'PROTOCOL="ipv4"', 'BONDING="yes"', 'BRIDGING="yes"', '',
].join('\r\n');

/** Every reason the settings cannot be written, first the name's, then the address's, then Wi-Fi's. */
export function firstSettingsProblems(settings: FirstSettings): AnyMessage[] {
  return [
    settings.serverName === undefined ? null : serverNameProblem(settings.serverName),
    settings.network === undefined ? null : networkProblem(settings.network),
    settings.wifi === undefined ? null : wifiProblem(settings.wifi),
  ].filter((problem) => problem !== null);
}

/** The config files to write: only those the settings change, each whole; created where the release lacks it. */
export function firstSettingsFiles(release: ReleaseConfig, settings: FirstSettings): ConfigFileText[] {
  const files: ConfigFileText[] = [];
  if (settings.serverName !== undefined) {
    const text = release.ident === undefined ? `NAME="${settings.serverName}"\r\n` : withServerName(release.ident, settings.serverName);
    files.push({ path: IDENT_CFG, text, ...created(release.ident) });
  }
  if (settings.network !== undefined) {
    files.push({ path: NETWORK_CFG, text: withNetworkSettings(release.network ?? DEFAULT_NETWORK_CFG, settings.network), ...created(release.network) });
  }
  if (settings.wifi !== undefined) files.push({ path: WIRELESS_CFG, text: wirelessCfg(settings.wifi), create: true });
  return files;
}

function created(existing: string | undefined): { create?: true } {
  return existing === undefined ? { create: true } : {};
}
