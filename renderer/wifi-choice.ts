// Wi-Fi as a form holds it (the restore's Options step, the install's Settings step): off, or the
// settings being typed; and what is written from it. Pure.
import type { AnyMessage } from '../shared/message.js';
import { wifiProblem, type WifiSettings } from '../shared/wifi.js';

export interface WifiChoice extends WifiSettings {
  readonly on: boolean;
}

export const NO_WIFI: WifiChoice = { on: false, ssid: '', security: 'psk', password: '', country: '' };

/** The settings to write, or undefined when Wi-Fi is off. */
export function wifiOf(choice: WifiChoice): WifiSettings | undefined {
  if (!choice.on) return undefined;
  return { ssid: choice.ssid, security: choice.security, password: choice.security === 'open' ? '' : choice.password, country: choice.country };
}

/** Why the Wi-Fi typed cannot be written; null when it can (or Wi-Fi is off). */
export function wifiChoiceProblem(choice: WifiChoice): AnyMessage | null {
  const wifi = wifiOf(choice);
  return wifi === undefined ? null : wifiProblem(wifi);
}
