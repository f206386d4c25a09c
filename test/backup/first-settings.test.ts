// A new server's first settings, as data, and as Unraid reads them: network.cfg sourced by bash into
// rc.inet1.conf's associative arrays, wireless.cfg read with rc.wireless's own greps, its active
// network's KEY="value" lines sourced as scripts/wireless hands them to rc.wireless.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NETWORK_CFG, firstSettingsFiles, firstSettingsProblems, type FirstSettings } from '../../main/backup/first-settings.js';
import { wifiProblem, type WifiSettings } from '../../shared/wifi.js';
import { wirelessCfg } from '../../main/backup/wireless-config.js';
import { editedFiles, withEdits } from '../../main/flash/edited-files.js';
import type { RestoreItem } from '../../main/backup/restore-item.js';
import { formatMessage } from '../../shared/message.js';
import { tempFolder } from '../fixtures/temp-folder.js';

const FIXED = { dhcp: false, address: '192.168.1.50', netmask: '255.255.255.0', gateway: '192.168.1.1', dns: '192.168.1.1' };
const WIFI: WifiSettings = { ssid: 'Home Wi-Fi 5G', security: 'psk', password: "p4ss word!#%&'()*", country: 'DE' };
const dir = tempFolder('first-settings-');

/** rc.inet1.conf's reading of network.cfg: its associative arrays, then the file through fromdos. */
function sourceNetworkCfg(text: string): Record<string, string> {
  const file = join(dir, 'network.cfg');
  writeFileSync(file, text);
  const script = [
    'declare -A VLANID USE_DHCP IPADDR NETMASK GATEWAY METRIC USE_DHCP6 IPADDR6 NETMASK6 GATEWAY6 METRIC6 PRIVACY6 DESCRIPTION PROTOCOL',
    `CFG=${JSON.stringify(file)}`,
    '[[ -s $CFG ]] && . <(sed "s/\\r$//" <$CFG)',
    'printf "%s\\n" "USE_DHCP=${USE_DHCP[0]}" "IPADDR=${IPADDR[0]}" "NETMASK=${NETMASK[0]}" "GATEWAY=${GATEWAY[0]}" "DNS_SERVER1=$DNS_SERVER1" "BONDING=$BONDING" "BRIDGING=$BRIDGING"',
  ].join('\n');
  return Object.fromEntries(execFileSync('bash', ['-c', script], { encoding: 'utf8' }).trim().split('\n').map((line) => line.split(/=(.*)/s, 2) as [string, string]));
}

/**
 * rc.wireless's reads of wireless.cfg (its `var` function and the saved-SSID list), then the active
 * network's lines sourced as the KEY="value" lines of wireless.ini.
 */
function readWirelessCfg(text: string): Record<string, string> {
  const file = join(dir, 'wireless.cfg');
  writeFileSync(file, text);
  const script = [
    `CFG=${JSON.stringify(file)}`,
    'var(){ [[ -r "$2" ]] && grep -Pom1 "^$1=\\"\\K[^\\"]+" "$2"; }',
    'echo "WIFI=$(var WIFI $CFG)"; echo "REGION=$(var REGION $CFG)"',
    'SECTIONS=$(grep -P "^\\[.+\\]$" $CFG | sed 1d)',
    'SSID=${SECTIONS:1:-1}; echo "SSID=$SSID"',
    'INI=$(awk -v s="[$SSID]" \'$0==s{on=1;next} /^\\[/{on=0} on\' $CFG)',
    '. <(echo "$INI"); echo "GROUP=$GROUP"; echo "SECURITY=$SECURITY"; echo "PASSWORD=$PASSWORD"; echo "DHCP4=$DHCP4"; echo "AUTOJOIN=$AUTOJOIN"',
  ].join('\n');
  return Object.fromEntries(execFileSync('bash', ['-c', script], { encoding: 'utf8' }).trim().split('\n').map((line) => line.split(/=(.*)/s, 2) as [string, string]));
}

describe('first settings as data', () => {
  it('writes only what is given: the name in place, the address in place, Wi-Fi as a new file', () => {
    const release = { ident: 'NAME="Tower"\r\nCOMMENT=""\r\n', network: 'USE_DHCP="yes"\r\nIPADDR=""\r\n' };
    expect(firstSettingsFiles(release, {})).toEqual([]);
    expect(firstSettingsFiles(release, { serverName: 'NAS1', network: FIXED, wifi: WIFI })).toEqual([
      { path: 'config/ident.cfg', text: 'NAME="NAS1"\r\nCOMMENT=""\r\n' },
      { path: 'config/network.cfg', text: 'USE_DHCP="no"\r\nIPADDR="192.168.1.50"\r\nNETMASK[0]="255.255.255.0"\r\nGATEWAY[0]="192.168.1.1"\r\nDNS_SERVER1="192.168.1.1"\r\n' },
      { path: 'config/wireless.cfg', text: wirelessCfg(WIFI), create: true },
    ]);
  });

  it('creates ident.cfg and network.cfg when the release lacks them, network.cfg from rc.inet1.conf’s defaults', () => {
    const files = firstSettingsFiles({ ident: undefined, network: undefined }, { serverName: 'NAS1', network: { ...FIXED, dns: '' } });
    expect(files).toEqual([
      { path: 'config/ident.cfg', text: 'NAME="NAS1"\r\n', create: true },
      { path: 'config/network.cfg', text: DEFAULT_NETWORK_CFG.replace('USE_DHCP="yes"', 'USE_DHCP="no"').replace('IPADDR=""', 'IPADDR="192.168.1.50"').replace('NETMASK=""', 'NETMASK="255.255.255.0"').replace('GATEWAY=""', 'GATEWAY="192.168.1.1"'), create: true },
    ]);
  });

  it('writes wireless.cfg as the Wi-Fi page does: [wlan0] first, then the network, active; no password line when open', () => {
    expect(wirelessCfg(WIFI)).toBe(`[wlan0]\nWIFI="yes"\nREGION="DE"\nREGION_XX=""\n[Home Wi-Fi 5G]\nGROUP="active"\nSECURITY="PSK"\nPASSWORD="${WIFI.password}"\nAUTOJOIN="yes"\nDHCP4="yes"\nDNS4="no"\n`);
    expect(wirelessCfg({ ...WIFI, security: 'open', password: '' })).not.toContain('PASSWORD');
    expect(wirelessCfg({ ...WIFI, security: 'sae' })).toContain('SECURITY="SAE"');
  });

  it('refuses, with a sentence each, what Unraid would refuse or bash and PHP would misread', () => {
    const problems = (settings: FirstSettings) => firstSettingsProblems(settings).map(formatMessage);
    expect(problems({ serverName: 'NAS1', network: FIXED, wifi: WIFI })).toEqual([]);
    // Identification.page: letters, digits, '-', '.', first and last a letter or digit, at most 15.
    for (const good of ['A', 'NAS1', 'my-nas.home', 'A23456789012345']) expect(problems({ serverName: good })).toEqual([]);
    for (const bad of ['', '-nas', 'nas-', 'nas.', 'my_nas', 'A234567890123456', 'nas 1', 'naß']) {
      expect(problems({ serverName: bad })).toEqual(['The server name must be 1 to 15 letters, digits, dots or dashes, starting and ending with a letter or digit.']);
    }
    expect(problems({ network: { ...FIXED, address: '' } })).toEqual(['The field “IP address” is needed when the address is not from DHCP.']);
    for (const ssid of ['', 'a"b', 'a$(reboot)', 'a`b`', 'a\\b', '[x]', 'a;b', ' lead', 'x'.repeat(33), 'wlan0', 'a\nb']) {
      expect(wifiProblem({ ...WIFI, ssid })).toMatchObject({ code: 'request.wifi-ssid' });
    }
    expect(wifiProblem({ ...WIFI, ssid: 'Café ☕' })).toBeNull();
    for (const password of ['short', 'x'.repeat(64), 'with"quote', 'with$HOME', 'back`tick`', 'back\\slash', 'tab\there', 'naïve-pass']) {
      expect(wifiProblem({ ...WIFI, password })).toMatchObject({ code: 'request.wifi-password' });
    }
    expect(wifiProblem({ ...WIFI, security: 'sae', password: 'x'.repeat(100) })).toBeNull();
    expect(wifiProblem({ ...WIFI, security: 'open', password: 'secret123' })).toMatchObject({ code: 'request.wifi-open-password' });
    expect(wifiProblem({ ...WIFI, security: 'open', password: '' })).toBeNull();
    for (const country of ['', 'de', 'DEU', 'D1']) expect(wifiProblem({ ...WIFI, country })).toMatchObject({ code: 'request.wifi-country' });
    expect(formatMessage(wifiProblem({ ...WIFI, password: 'short' })!)).toBe('The Wi-Fi password must be 8 to 63 characters: letters, digits, spaces and punctuation other than " $ ` \\.');
  });
});

describe('first settings as Unraid reads them', () => {
  it('network.cfg, edited or created, gives rc.inet1.conf the fixed address, or DHCP', () => {
    const created = firstSettingsFiles({ ident: undefined, network: undefined }, { network: FIXED })[0]!.text;
    expect(sourceNetworkCfg(created)).toEqual({
      USE_DHCP: 'no', IPADDR: '192.168.1.50', NETMASK: '255.255.255.0', GATEWAY: '192.168.1.1', DNS_SERVER1: '192.168.1.1', BONDING: 'yes', BRIDGING: 'yes',
    });
    const server = '# Generated settings:\r\nIFNAME[0]="br0"\r\nUSE_DHCP[0]="no"\r\nIPADDR[0]="10.0.0.9"\r\nNETMASK[0]="255.0.0.0"\r\nGATEWAY[0]="10.0.0.1"\r\nSYSNICS="1"\r\n';
    const edited = firstSettingsFiles({ ident: undefined, network: server }, { network: FIXED })[0]!.text;
    expect(sourceNetworkCfg(edited)).toMatchObject({ USE_DHCP: 'no', IPADDR: '192.168.1.50', NETMASK: '255.255.255.0', GATEWAY: '192.168.1.1', DNS_SERVER1: '192.168.1.1' });
    const dhcp = firstSettingsFiles({ ident: undefined, network: undefined }, { network: { dhcp: true, address: '', netmask: '', gateway: '', dns: '' } })[0]!.text;
    expect(sourceNetworkCfg(dhcp)).toMatchObject({ USE_DHCP: 'yes', IPADDR: '' });
  });

  it('wireless.cfg gives rc.wireless Wi-Fi on, the country, and the network with its password as typed', () => {
    expect(readWirelessCfg(wirelessCfg(WIFI))).toEqual({
      WIFI: 'yes', REGION: 'DE', SSID: 'Home Wi-Fi 5G', GROUP: 'active', SECURITY: 'PSK', PASSWORD: WIFI.password, DHCP4: 'yes', AUTOJOIN: 'yes',
    });
    expect(readWirelessCfg(wirelessCfg({ ...WIFI, ssid: 'Café', security: 'open', password: '' }))).toMatchObject({ SSID: 'Café', SECURITY: 'open', PASSWORD: '' });
  });
});

describe('created config files on the drive', () => {
  const stamp = { dosDate: 0, dosTime: 0 };
  const items: RestoreItem[] = [
    { path: 'config', kind: 'directory', size: 0, ...stamp },
    { path: 'config/go', kind: 'file', size: 3, ...stamp, entry: { crc32: 1 } as never },
  ] as RestoreItem[];

  it('are added beside the zip’s files and expected by verify; a missing file not marked to create is still an error', () => {
    const edits = editedFiles(items, firstSettingsFiles({ ident: undefined, network: undefined }, { serverName: 'NAS1', wifi: WIFI }));
    expect(edits.map((edit) => [edit.path, edit.created])).toEqual([['config/ident.cfg', true], ['config/wireless.cfg', true]]);
    const expected = withEdits([{ path: 'config/go', kind: 'file', size: 3 }], edits);
    expect(expected.map((item) => [item.path, item.size])).toEqual([['config/go', 3], ['config/ident.cfg', 13], ['config/wireless.cfg', Buffer.byteLength(wirelessCfg(WIFI))]]);
    expect(() => editedFiles(items, [{ path: 'config/network.cfg', text: 'x' }])).toThrow('config/network.cfg cannot be changed');
  });
});
