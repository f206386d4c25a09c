// Changes to the server's config files keep each file's own format: line endings, quotes, indexed
// keys, and every line not changed, byte for byte.
import { describe, expect, it } from 'vitest';
import { readNetworkSettings, setConfigValues, withNetworkSettings, withServerName } from '../../main/backup/config-edits.js';

const crlf = (lines: string[]) => lines.map((line) => `${line}\r\n`).join('');
const network = crlf(['# Generated settings:', 'IFNAME[0]="br0"', 'USE_DHCP[0]="no"', 'IPADDR[0]="192.168.1.20"', 'NETMASK[0]="255.255.255.0"', 'GATEWAY[0]="192.168.1.1"', 'DNS_SERVER1="192.168.1.1"', 'SYSNICS="1"']);

describe('config edits', () => {
  it('renames the server in place, keeping CRLF and the other lines', () => {
    const ident = crlf(['NAME="Tower"', 'COMMENT="Media server"', 'timeZone="Europe/Berlin"']);
    expect(withServerName(ident, 'Vault')).toBe(crlf(['NAME="Vault"', 'COMMENT="Media server"', 'timeZone="Europe/Berlin"']));
    expect(withServerName('NAME=Tower\nPORT="80"\n', 'Vault')).toBe('NAME="Vault"\nPORT="80"\n');
    expect(withServerName("NAME='Tower'\n", 'Vault')).toBe("NAME='Vault'\n");
    expect(withServerName('\uFEFFNAME="Tower"\r\n', 'Vault')).toBe('\uFEFFNAME="Vault"\r\n');
  });

  it('reads the first interface, indexed or (in older files) not', () => {
    expect(readNetworkSettings(network)).toEqual({ dhcp: false, address: '192.168.1.20', netmask: '255.255.255.0', gateway: '192.168.1.1', dns: '192.168.1.1' });
    expect(readNetworkSettings('USE_DHCP="yes"\nDNS_SERVER1="9.9.9.9"\n')).toEqual({ dhcp: true, address: '', netmask: '', gateway: '', dns: '9.9.9.9' });
    expect(readNetworkSettings('SYSNICS="1"\n')).toBeNull();
  });

  it('sets a fixed address on the indexed keys, touching no other line', () => {
    const changed = withNetworkSettings(network, { dhcp: false, address: '10.0.0.5', netmask: '255.255.0.0', gateway: '10.0.0.1', dns: '192.168.1.1' });
    expect(changed).toBe(crlf(['# Generated settings:', 'IFNAME[0]="br0"', 'USE_DHCP[0]="no"', 'IPADDR[0]="10.0.0.5"', 'NETMASK[0]="255.255.0.0"', 'GATEWAY[0]="10.0.0.1"', 'DNS_SERVER1="192.168.1.1"', 'SYSNICS="1"']));
  });

  it('switches to DHCP leaving the old addresses for the day it is switched back', () => {
    const changed = withNetworkSettings(network, { dhcp: true, address: '', netmask: '', gateway: '', dns: '' });
    expect(changed).toBe(network.replace('USE_DHCP[0]="no"', 'USE_DHCP[0]="yes"'));
  });

  it('sets keys written without their index, keeps unquoted values that do not change, and adds missing keys', () => {
    const old = 'USE_DHCP=no\nIPADDR=192.168.1.20\nNETMASK=255.255.255.0\n';
    expect(withNetworkSettings(old, { dhcp: false, address: '192.168.1.21', netmask: '255.255.255.0', gateway: '192.168.1.1', dns: '' }))
      .toBe('USE_DHCP=no\nIPADDR="192.168.1.21"\nNETMASK=255.255.255.0\nGATEWAY[0]="192.168.1.1"\n');
    expect(setConfigValues('A="1"', new Map([['B', '2']]))).toBe('A="1"\nB="2"\n');
    expect(setConfigValues('', new Map([['NAME', 'Tower']]))).toBe('NAME="Tower"\n');
    expect(setConfigValues(crlf(['A="1"']), new Map([['B', '2']]))).toBe(crlf(['A="1"', 'B="2"']));
  });

  it('leaves a file byte for byte as it was when the values are the backup’s own', () => {
    expect(withNetworkSettings(network, readNetworkSettings(network)!)).toBe(network);
    const unquoted = 'USE_DHCP[0]=yes\nIPADDR[0]=\nDNS_SERVER1=1.1.1.1\n';
    expect(withNetworkSettings(unquoted, readNetworkSettings(unquoted)!)).toBe(unquoted);
    const ident = crlf(['NAME="Tower"', 'COMMENT=""']);
    expect(withServerName(ident, 'Tower')).toBe(ident);
  });
});
