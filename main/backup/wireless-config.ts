// config/wireless.cfg for a server's first boot (Unraid 7.1+), as the webgui's Wi-Fi page writes it
// (emhttp/update.php: `[section]` then `KEY="value"` lines) and as Unraid reads it (REFERENCE §11):
// etc/rc.d/rc.wireless greps WIFI and REGION from the first section, [wlan0], and takes the
// networks from the sections after it; scripts/wireless turns the active one, by PHP's
// parse_ini_file, into KEY="value" lines that rc.wireless sources with bash. So a value may hold
// nothing bash or PHP would expand or end early: no ", $, `, \ and no control characters. The
// password is written in plain text; rc.wireless encrypts it in place at the first boot. Pure.
import { message, type AnyMessage } from '../../shared/message.js';

export type WifiSecurity = 'psk' | 'sae' | 'open';

export interface WifiSettings {
  readonly ssid: string;
  readonly security: WifiSecurity;
  /** Empty for an open network. */
  readonly password: string;
  /** ISO 3166 country code, two capital letters ("DE"): which channels and power the radio may use. */
  readonly country: string;
}

/** The interface's own section: rc.wireless skips it when it lists the networks. */
export const WIFI_PORT = 'wlan0';
/** rc.wireless's names for the security (its `trans` and `priority`). */
const SECURITY: Record<WifiSecurity, string> = { psk: 'PSK', sae: 'SAE', open: 'open' };

/** Characters bash (sourcing wireless.ini) or PHP (parse_ini_file) would read as more than text. */
const UNSAFE = /["$`\\\p{Cc}]/u;

/** Why the Wi-Fi settings cannot be written; null when they can. */
export function wifiProblem(wifi: WifiSettings): AnyMessage | null {
  const ssidBytes = Buffer.byteLength(wifi.ssid, 'utf8');
  if (ssidBytes < 1 || ssidBytes > 32 || UNSAFE.test(wifi.ssid) || /[[\];]/.test(wifi.ssid) || wifi.ssid !== wifi.ssid.trim() || wifi.ssid === WIFI_PORT) {
    return message('request.wifi-ssid', { ssid: wifi.ssid });
  }
  if (wifi.security === 'open') return wifi.password === '' ? countryProblem(wifi.country) : message('request.wifi-open-password');
  // A WPA passphrase is 8 to 63 printable ASCII characters (IEEE 802.11i); SAE takes longer ones.
  const longest = wifi.security === 'psk' ? 63 : 128;
  if (wifi.password.length < 8 || wifi.password.length > longest || !/^[\x20-\x7e]+$/.test(wifi.password) || UNSAFE.test(wifi.password)) {
    return message('request.wifi-password', { longest: String(longest) });
  }
  return countryProblem(wifi.country);
}

function countryProblem(country: string): AnyMessage | null {
  return /^[A-Z]{2}$/.test(country) ? null : message('request.wifi-country', { country });
}

/** The whole file: Wi-Fi on, the country, and the one network, active, joined automatically, with an address by DHCP. */
export function wirelessCfg(wifi: WifiSettings): string {
  const lines = [
    `[${WIFI_PORT}]`,
    'WIFI="yes"',
    `REGION="${wifi.country}"`,
    'REGION_XX=""',
    `[${wifi.ssid}]`,
    'GROUP="active"',
    `SECURITY="${SECURITY[wifi.security]}"`,
    ...(wifi.security === 'open' ? [] : [`PASSWORD="${wifi.password}"`]),
    'AUTOJOIN="yes"',
    // The Wi-Fi page's defaults (include/Wireless.php): IPv4 by DHCP with its DNS, no IPv6 (DHCP6 unset).
    'DHCP4="yes"',
    'DNS4="no"',
  ];
  return `${lines.join('\n')}\n`;
}
