// Changes to the server's own config files, made only when the user asks for them, in each file's
// own format: its line endings (CRLF or LF), its quoting, its indexed keys (IPADDR[0]), and every
// other line as it was. The syslinux configs' append lines (the flash label) are edited the same
// way, by boot-names.ts. Pure: text in, text out.
import type { NetworkSettings } from '../../shared/ipc.js';
import { BOOT_CONFIG_PATHS } from './boot-names.js';
import { parseShellConfig } from './config-facts.js';
import { MAX_TEXT_BYTES } from './content.js';

export const IDENT_CFG = 'config/ident.cfg';
export const NETWORK_CFG = 'config/network.cfg';
/** Wi-Fi (Unraid 7.1+), read by etc/rc.d/rc.wireless. */
export const WIRELESS_CFG = 'config/wireless.cfg';

export type BootConfigPath = (typeof BOOT_CONFIG_PATHS)[number];

/** The only files the app may change: the server name, the network and Wi-Fi settings, and the syslinux configs' flash label. */
export type EditableConfigPath = typeof IDENT_CFG | typeof NETWORK_CFG | typeof WIRELESS_CFG | BootConfigPath;
export const EDITABLE_CONFIG_FILES: readonly EditableConfigPath[] = [IDENT_CFG, NETWORK_CFG, WIRELESS_CFG, ...BOOT_CONFIG_PATHS];
/** The files a change may create when the zip lacks them (a release without a default network.cfg). */
export const CREATABLE_CONFIG_FILES: readonly EditableConfigPath[] = [IDENT_CFG, NETWORK_CFG, WIRELESS_CFG];

/** How a file's text is turned into bytes: the syslinux configs byte for byte (Latin-1, as they were read), the rest as UTF-8. */
export function textEncoding(path: string): BufferEncoding {
  return (BOOT_CONFIG_PATHS as readonly string[]).includes(path) ? 'latin1' : 'utf8';
}

/** A changed file's limit: the largest one the app reads, plus room for the lines an edit adds. */
export const MAX_EDITED_CONFIG_BYTES = MAX_TEXT_BYTES + 64 * 1024;

/** A config file's new, whole text, named by its path in a backup (the writer job carries these). */
export interface ConfigFileText {
  readonly path: EditableConfigPath;
  readonly text: string;
  /** The zip lacks the file and the change creates it (one of CREATABLE_CONFIG_FILES); otherwise a missing file is an error. */
  readonly create?: boolean;
}

/** The keys of the first interface in network.cfg that the Options step edits. */
const NETWORK_KEYS = {
  dhcp: 'USE_DHCP[0]',
  address: 'IPADDR[0]',
  netmask: 'NETMASK[0]',
  gateway: 'GATEWAY[0]',
  dns: 'DNS_SERVER1',
} as const satisfies Record<keyof NetworkSettings, string>;

/** The network settings as network.cfg holds them; null when it has no first interface to edit. */
export function readNetworkSettings(networkCfg: string): NetworkSettings | null {
  const values = parseShellConfig(withoutBom(networkCfg));
  const dhcp = values.get(NETWORK_KEYS.dhcp) ?? values.get('USE_DHCP');
  if (dhcp === undefined) return null;
  const value = (key: keyof NetworkSettings) => values.get(NETWORK_KEYS[key]) ?? values.get(NETWORK_KEYS[key].replace('[0]', '')) ?? '';
  return { dhcp: dhcp === 'yes', address: value('address'), netmask: value('netmask'), gateway: value('gateway'), dns: value('dns') };
}

export function withServerName(identCfg: string, name: string): string {
  return setConfigValues(identCfg, new Map([['NAME', name]]));
}

/** network.cfg with the first interface set as given; the addresses are left out of a DHCP setup. */
export function withNetworkSettings(networkCfg: string, settings: NetworkSettings): string {
  const values = new Map<string, string>([[NETWORK_KEYS.dhcp, settings.dhcp ? 'yes' : 'no']]);
  if (!settings.dhcp) {
    values.set(NETWORK_KEYS.address, settings.address);
    values.set(NETWORK_KEYS.netmask, settings.netmask);
    values.set(NETWORK_KEYS.gateway, settings.gateway);
  }
  if (settings.dns !== '') values.set(NETWORK_KEYS.dns, settings.dns);
  return setConfigValues(networkCfg, values);
}

/**
 * Sets KEY="value" lines. A key written without its index (`IPADDR=` for `IPADDR[0]`, as older
 * releases do) is set in the form it has; a line whose value is already the wanted one is kept
 * byte for byte; a key the file lacks is added at the end, quoted, with the file's line ending.
 */
export function setConfigValues(text: string, values: ReadonlyMap<string, string>): string {
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const endsWithNewline = text === '' || text.endsWith('\n');
  const lines = text.split(/\r?\n/);
  if (endsWithNewline) lines.pop();
  const missing = new Map(values);
  const edited = lines.map((line) => {
    const match = /^(\s*)([A-Za-z_][\w[\]]*)(\s*=\s*)("[^"]*"|'[^']*'|\S*)(.*)$/.exec(line);
    if (!match) return line;
    const [, indent, key, equals, oldValue, rest] = match as unknown as [string, string, string, string, string, string];
    const wanted = missing.has(key) ? key : missing.has(`${key}[0]`) ? `${key}[0]` : undefined;
    if (wanted === undefined) return line;
    const value = missing.get(wanted)!;
    missing.delete(wanted);
    if (unquoted(oldValue) === value) return line;
    return `${indent}${key}${equals}${quoted(value, oldValue)}${rest}`;
  });
  for (const [key, value] of missing) edited.push(`${key}="${value}"`);
  return edited.join(newline) + (endsWithNewline || missing.size > 0 ? newline : '');
}

/** The value in the quotes the old one had; double quotes when it had none. */
function quoted(value: string, old: string): string {
  if (old.startsWith("'")) return `'${value}'`;
  return `"${value}"`;
}

function unquoted(value: string): string {
  return /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
}

function withoutBom(text: string): string {
  return text.replace(/^\uFEFF/, '');
}
