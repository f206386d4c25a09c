// Wi-Fi for a server's first boot (config/wireless.cfg, Unraid 7.1+): the settings, and the rule
// their values follow, checked by the renderer as the user types and by main again on every
// request and before the file is written (main/backup/wireless-config.ts writes it).
import { message, type AnyMessage } from './message.js';

export type WifiSecurity = 'psk' | 'sae' | 'open';

export const WIFI_SECURITIES: readonly WifiSecurity[] = ['psk', 'sae', 'open'];

export interface WifiSettings {
  readonly ssid: string;
  readonly security: WifiSecurity;
  /** Empty for an open network. */
  readonly password: string;
  /** ISO 3166 country code, two capital letters ("DE"): which channels and power the radio may use. */
  readonly country: string;
}

/** The interface's own section in wireless.cfg: rc.wireless skips it when it lists the networks, so no network may be named so. */
export const WIFI_PORT = 'wlan0';

/** Characters bash (sourcing wireless.ini) or PHP (parse_ini_file) would read as more than text. */
const WIFI_UNSAFE = /["$`\\\p{Cc}]/u;

/** Why the Wi-Fi settings cannot be written; null when they can. */
export function wifiProblem(wifi: WifiSettings): AnyMessage | null {
  const ssidBytes = utf8Length(wifi.ssid);
  if (ssidBytes < 1 || ssidBytes > 32 || WIFI_UNSAFE.test(wifi.ssid) || /[[\];]/.test(wifi.ssid) || wifi.ssid !== wifi.ssid.trim() || wifi.ssid === WIFI_PORT) {
    return message('request.wifi-ssid', { ssid: wifi.ssid });
  }
  if (wifi.security === 'open') return wifi.password === '' ? countryProblem(wifi.country) : message('request.wifi-open-password');
  // A WPA passphrase is 8 to 63 printable ASCII characters (IEEE 802.11i); SAE takes longer ones.
  const longest = wifi.security === 'psk' ? 63 : 128;
  if (wifi.password.length < 8 || wifi.password.length > longest || !/^[\x20-\x7e]+$/.test(wifi.password) || WIFI_UNSAFE.test(wifi.password)) {
    return message('request.wifi-password', { longest: String(longest) });
  }
  return countryProblem(wifi.country);
}

function countryProblem(country: string): AnyMessage | null {
  return /^[A-Z]{2}$/.test(country) ? null : message('request.wifi-country', { country });
}

/** The SSID's length as the radio counts it: bytes of UTF-8 (at most 32). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (const character of text) {
    const point = character.codePointAt(0)!;
    bytes += point < 0x80 ? 1 : point < 0x800 ? 2 : point < 0x10000 ? 3 : 4;
  }
  return bytes;
}
