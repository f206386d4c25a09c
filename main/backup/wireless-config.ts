// config/wireless.cfg for a server's first boot (Unraid 7.1+), as the webgui's Wi-Fi page writes it
// (emhttp/update.php: `[section]` then `KEY="value"` lines) and as Unraid reads it (REFERENCE §11):
// etc/rc.d/rc.wireless greps WIFI and REGION from the first section, [wlan0], and takes the
// networks from the sections after it; scripts/wireless turns the active one, by PHP's
// parse_ini_file, into KEY="value" lines that rc.wireless sources with bash. So a value may hold
// nothing bash or PHP would expand or end early: no ", $, `, \ and no control characters. The
// password is written in plain text; rc.wireless encrypts it in place at the first boot. The rule
// the values follow (wifiProblem) is in shared/wifi.ts, for the renderer to check as the user types. Pure.
import { WIFI_PORT, type WifiSecurity, type WifiSettings } from '../../shared/wifi.js';

/** rc.wireless's names for the security (its `trans` and `priority`). */
const SECURITY: Record<WifiSecurity, string> = { psk: 'PSK', sae: 'SAE', open: 'open' };

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
