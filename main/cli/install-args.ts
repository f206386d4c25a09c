// flash-creator install's command line, as data: where the release comes from, where it goes, and
// the new server's first settings, checked by the rules Unraid itself applies (first-settings.ts).
import { readFileSync } from 'node:fs';
import { formatMessage } from '../../shared/message.js';
import type { NetworkSettings } from '../../shared/ipc.js';
import { firstSettingsProblems, type FirstSettings } from '../backup/first-settings.js';
import type { WifiSecurity, WifiSettings } from '../../shared/wifi.js';
import { parseCommandLine, UsageError } from './io.js';
import { DEFAULT_IMAGE_SIZE, parseSize, parseSwitch } from './write.js';
import type { Destination } from './verify.js';

export interface InstallRequest {
  readonly source: { readonly kind: 'release'; readonly version: string } | { readonly kind: 'zip'; readonly path: string };
  readonly destination: Destination;
  /** Bytes of the image; undefined for a drive. */
  readonly imageSize: number | undefined;
  readonly settings: FirstSettings;
  readonly uefi: boolean | undefined;
  readonly yes: boolean;
  readonly unsafe: boolean;
  readonly offline: boolean;
}

const OPTIONS = {
  release: { type: 'string' }, zip: { type: 'string' }, image: { type: 'string' }, device: { type: 'string' }, size: { type: 'string' },
  name: { type: 'string' }, dhcp: { type: 'boolean' }, ip: { type: 'string' }, netmask: { type: 'string' }, gateway: { type: 'string' }, dns: { type: 'string' },
  'wifi-ssid': { type: 'string' }, 'wifi-security': { type: 'string' }, 'wifi-password-file': { type: 'string' }, 'wifi-country': { type: 'string' },
  uefi: { type: 'string' }, yes: { type: 'boolean' }, unsafe: { type: 'boolean' }, offline: { type: 'boolean' },
} as const;

export function parseInstallArgs(args: string[]): InstallRequest {
  const { values: v, positionals } = parseCommandLine({ args, allowPositionals: true, options: OPTIONS });
  if (positionals.length > 0) throw new UsageError(`unexpected ${positionals.join(' ')}: give the release with --release or --zip.`);
  if ((v.release === undefined) === (v.zip === undefined)) throw new UsageError('which release? Give --release <version> (or latest) or --zip <file>, one of them.');
  if (v.offline && v.release !== undefined) throw new UsageError('--offline installs only from --zip: a release from the list has to be downloaded.');
  if ((v.image === undefined) === (v.device === undefined)) throw new UsageError('where? Give the image file with --image <file> or the drive with --device <path>, one of them.');
  if (v.device !== undefined && v.size !== undefined) throw new UsageError('--size is for images: a drive is written at its own size.');
  if (v.image !== undefined && (v.yes || v.unsafe)) throw new UsageError('--yes and --unsafe are for --device: an image file is not a drive.');
  const settings: FirstSettings = {
    ...(v.name === undefined ? {} : { serverName: v.name }),
    ...network(v),
    ...wifi(v),
  };
  const problem = firstSettingsProblems(settings)[0];
  if (problem) throw new UsageError(formatMessage(problem));
  return {
    source: v.release !== undefined ? { kind: 'release', version: v.release } : { kind: 'zip', path: v.zip! },
    destination: v.image !== undefined ? { kind: 'image', path: v.image } : { kind: 'device', path: v.device! },
    imageSize: v.image !== undefined ? parseSize(v.size ?? DEFAULT_IMAGE_SIZE) : undefined,
    settings,
    uefi: parseSwitch(v.uefi),
    yes: v.yes ?? false,
    unsafe: v.unsafe ?? false,
    offline: v.offline ?? false,
  };
}

type Values = Partial<Record<keyof typeof OPTIONS, string | boolean>>;

/** --dhcp, or --ip and --netmask (--gateway, --dns); none of them keeps the release's DHCP. A fixed address without --dns asks the gateway. */
function network(v: Values): { network?: NetworkSettings } {
  const fixed = ['ip', 'netmask', 'gateway', 'dns'].filter((key) => v[key as keyof Values] !== undefined);
  if (v.dhcp && fixed.length > 0) throw new UsageError(`--dhcp or a fixed address, not both (also given: ${fixed.map((key) => `--${key}`).join(' ')}).`);
  if (v.dhcp) return { network: { dhcp: true, address: '', netmask: '', gateway: '', dns: '' } };
  if (fixed.length === 0) return {};
  const text = (key: 'ip' | 'netmask' | 'gateway' | 'dns'): string => (typeof v[key] === 'string' ? v[key] : '');
  return { network: { dhcp: false, address: text('ip'), netmask: text('netmask'), gateway: text('gateway'), dns: text('dns') || text('gateway') } };
}

/** The Wi-Fi options all together, the password from a file (never on the command line, where others may see it). */
function wifi(v: Values): { wifi?: WifiSettings } {
  const given = ['wifi-ssid', 'wifi-security', 'wifi-password-file', 'wifi-country'].filter((key) => v[key as keyof Values] !== undefined);
  if (given.length === 0) return {};
  const ssid = v['wifi-ssid'];
  const security = v['wifi-security'];
  const country = v['wifi-country'];
  if (typeof ssid !== 'string' || typeof country !== 'string' || typeof security !== 'string') {
    throw new UsageError('Wi-Fi needs --wifi-ssid, --wifi-security and --wifi-country (and --wifi-password-file unless the network is open).');
  }
  if (!['psk', 'sae', 'open'].includes(security)) throw new UsageError(`--wifi-security takes psk, sae or open, not ${security}.`);
  const file = v['wifi-password-file'];
  if (security !== 'open' && typeof file !== 'string') throw new UsageError('--wifi-password-file is needed: the password is read from a file.');
  let password = '';
  if (typeof file === 'string') {
    try {
      password = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw new UsageError(`--wifi-password-file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
    }
  }
  return { wifi: { ssid, security: security as WifiSecurity, password, country: country.toUpperCase() } };
}
