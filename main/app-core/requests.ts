// Every request from the renderer is untrusted input: each is checked here, field by field, before
// anything acts on it. A request must be exactly the shape the contract declares: a field the
// contract does not have (a "device" or "path" slipped into a write) is refused, not ignored.
import { isAbsolute } from 'node:path';
import { bootLabelProblem } from '../../shared/boot-label.js';
import { networkProblem, serverNameProblem, type InstallRequest, type NetworkSettings, type RepairRequest, type RequestChannel, type RequestOf, type WriteRequest } from '../../shared/ipc.js';
import { WIFI_SECURITIES, wifiProblem, type WifiSecurity, type WifiSettings } from '../../shared/wifi.js';
import { isAllowedUrl } from '../releases/feed.js';
import { formatMessage, message, type AnyMessage } from '../../shared/message.js';
import { isDesktopLanguage } from '../../shared/desktop-words.js';
import { weakPassphrase } from '../../shared/passphrase-strength.js';

/** A refused request: what is wrong with it, as a message (in English as the error's message, for the log). */
export class InvalidRequest extends Error {
  override name = 'InvalidRequest';

  constructor(readonly reason: AnyMessage) {
    super(formatMessage(reason));
  }
}

type Parser<C extends RequestChannel> = (value: unknown) => RequestOf<C>;

const MAX_PATH_LENGTH = 4096;
const NETWORK_KEYS = ['dhcp', 'address', 'netmask', 'gateway', 'dns'];
const WIFI_KEYS = ['ssid', 'security', 'password', 'country'];
const REPAIR_CHOICES = ['rollback', 'releaseSource', 'uefi', 'allowMissing'];
const ID_PATTERN = /^(?:backup|drive|job|destination|release)-[0-9]{1,9}$/;
/** A release list's address: longer than this is no address. */
const MAX_ADDRESS_LENGTH = 2048;
/** Far beyond any passphrase typed; a bound on what is held and derived from. */
const MAX_PASSPHRASE_LENGTH = 1024;

const PARSERS: { [C in RequestChannel]: Parser<C> } = {
  'backup:choose': nothing('backup:choose'),
  'backup:open': (value) => {
    const { path } = record(value, 'backup:open', ['path'], ['path']);
    if (typeof path !== 'string' || path.length === 0 || path.length > MAX_PATH_LENGTH || path.includes('\0') || !isAbsolute(path)) {
      throw new InvalidRequest(message('request.zip-path'));
    }
    return { path };
  },
  'drives:list': nothing('drives:list'),
  'drive:check': (value) => {
    const { driveId, licenceCheck } = record(value, 'drive:check', ['driveId', 'licenceCheck'], ['driveId', 'licenceCheck']);
    if (typeof licenceCheck !== 'boolean') throw new InvalidRequest(message('request.true-or-false', { what: 'drive:check', field: 'licenceCheck' }));
    return { driveId: id(driveId, 'driveId'), licenceCheck };
  },
  'licence:service': nothing('licence:service'),
  'write:start': parseWriteRequest,
  'write:cancel': (value) => {
    const { jobId } = record(value, 'write:cancel', ['jobId'], ['jobId']);
    return { jobId: id(jobId, 'jobId') };
  },
  'log:open': nothing('log:open'),
  'flash:read': (value) => ({ driveId: id(record(value, 'flash:read', ['driveId'], ['driveId']).driveId, 'driveId') }),
  'backup:destination': (value) => ({ driveId: id(record(value, 'backup:destination', ['driveId'], ['driveId']).driveId, 'driveId') }),
  'backup:start': (value) => {
    const fields = record(value, 'backup:start', ['driveId', 'destinationId', 'withoutSecrets'], ['driveId', 'destinationId', 'withoutSecrets', 'passphrase']);
    if (typeof fields.withoutSecrets !== 'boolean') throw new InvalidRequest(message('request.true-or-false', { what: 'backup:start', field: 'withoutSecrets' }));
    const request = { driveId: id(fields.driveId, 'driveId'), destinationId: id(fields.destinationId, 'destinationId'), withoutSecrets: fields.withoutSecrets };
    if (fields.passphrase === undefined) return request;
    const chosen = passphrase(fields.passphrase);
    const weak = weakPassphrase(chosen);
    if (weak) throw new InvalidRequest(weak);
    return { ...request, passphrase: chosen };
  },
  'clone:start': (value) => {
    const fields = record(value, 'clone:start', ['sourceId', 'driveId'], ['sourceId', 'driveId', 'confirmation', 'allowMissing']);
    if (fields.allowMissing !== undefined && typeof fields.allowMissing !== 'boolean') throw new InvalidRequest(message('request.true-or-false', { what: 'clone:start', field: 'allowMissing' }));
    return {
      sourceId: id(fields.sourceId, 'sourceId'),
      driveId: id(fields.driveId, 'driveId'),
      ...(fields.confirmation === undefined ? {} : { confirmation: confirmation(fields.confirmation, 'clone:start') }),
      ...(fields.allowMissing ? { allowMissing: true as const } : {}),
    };
  },
  'system:languages': nothing('system:languages'),
  'releases:list': (value) => {
    const { address } = record(value, 'releases:list', ['address'], ['address']);
    if (address === null) return { address: null };
    if (typeof address !== 'string' || address.length > MAX_ADDRESS_LENGTH || !isAllowedUrl(address)) {
      throw new InvalidRequest(message('release.feed-bad-url', { address: String(address).slice(0, 200), field: 'address', url: String(address).slice(0, 200) }));
    }
    return { address };
  },
  'backup:unlock': (value) => {
    const fields = record(value, 'backup:unlock', ['backupId', 'passphrase'], ['backupId', 'passphrase']);
    return { backupId: id(fields.backupId, 'backupId'), passphrase: passphrase(fields.passphrase) };
  },
  'release:choose': (value) => ({ releaseId: id(record(value, 'release:choose', ['releaseId'], ['releaseId']).releaseId, 'releaseId') }),
  'install:start': parseInstallRequest,
  'repair:diagnose': (value) => ({ driveId: id(record(value, 'repair:diagnose', ['driveId'], ['driveId']).driveId, 'driveId') }),
  'repair:destination': (value) => ({ driveId: id(record(value, 'repair:destination', ['driveId'], ['driveId']).driveId, 'driveId') }),
  'repair:start': parseRepairRequest,
  'ui:language': (value) => {
    const { language } = record(value, 'ui:language', ['language'], ['language']);
    if (!isDesktopLanguage(language)) throw new InvalidRequest(message('request.short-text', { what: 'ui:language', field: 'language' }));
    return { language };
  },
};

export function parseRequest<C extends RequestChannel>(channel: C, value: unknown): RequestOf<C> {
  return PARSERS[channel](value);
}

function parseWriteRequest(value: unknown): WriteRequest {
  const fields = record(value, 'write:start', ['backupId', 'driveId', 'uefi'], ['backupId', 'driveId', 'uefi', 'serverName', 'network', 'bootLabel', 'wifi', 'confirmation']);
  if (typeof fields.uefi !== 'boolean') throw new InvalidRequest(message('request.true-or-false', { what: 'write:start', field: 'uefi' }));
  const request: { -readonly [K in keyof WriteRequest]: WriteRequest[K] } = {
    backupId: id(fields.backupId, 'backupId'),
    driveId: id(fields.driveId, 'driveId'),
    uefi: fields.uefi,
  };
  if (fields.serverName !== undefined) request.serverName = serverName(fields.serverName, 'write:start');
  if (fields.network !== undefined) request.network = parseNetwork(fields.network);
  if (fields.wifi !== undefined) request.wifi = parseWifi(fields.wifi);
  if (fields.bootLabel !== undefined) {
    if (typeof fields.bootLabel !== 'string') throw new InvalidRequest(message('request.a-text', { what: 'write:start', field: 'bootLabel' }));
    const problem = bootLabelProblem(fields.bootLabel);
    if (problem) throw new InvalidRequest(problem);
    request.bootLabel = fields.bootLabel;
  }
  if (fields.confirmation !== undefined) request.confirmation = confirmation(fields.confirmation, 'write:start');
  return request;
}

function parseInstallRequest(value: unknown): InstallRequest {
  const fields = record(value, 'install:start', ['sourceId', 'driveId', 'uefi'], ['sourceId', 'driveId', 'uefi', 'serverName', 'network', 'wifi', 'confirmation']);
  if (typeof fields.uefi !== 'boolean') throw new InvalidRequest(message('request.true-or-false', { what: 'install:start', field: 'uefi' }));
  const sourceId = id(fields.sourceId, 'sourceId');
  if (!/^(?:release|backup)-/.test(sourceId)) throw new InvalidRequest(message('request.not-an-id', { name: 'sourceId' }));
  const request: { -readonly [K in keyof InstallRequest]: InstallRequest[K] } = { sourceId, driveId: id(fields.driveId, 'driveId'), uefi: fields.uefi };
  if (fields.serverName !== undefined) request.serverName = serverName(fields.serverName, 'install:start');
  if (fields.network !== undefined) request.network = parseNetwork(fields.network);
  if (fields.wifi !== undefined) request.wifi = parseWifi(fields.wifi);
  if (fields.confirmation !== undefined) request.confirmation = confirmation(fields.confirmation, 'install:start');
  return request;
}

function parseRepairRequest(value: unknown): RepairRequest {
  const fields = record(value, 'repair:start', ['driveId', 'destinationId', 'choices', 'confirmation'], ['driveId', 'destinationId', 'choices', 'confirmation']);
  const choices = record(fields.choices, 'choices', REPAIR_CHOICES, REPAIR_CHOICES);
  for (const field of ['rollback', 'uefi', 'allowMissing'] as const) {
    if (typeof choices[field] !== 'boolean') throw new InvalidRequest(message('request.true-or-false', { what: 'repair:start', field }));
  }
  const releaseSource = choices.releaseSource === null ? null : id(choices.releaseSource, 'releaseSource');
  if (releaseSource !== null && !/^(?:release|backup)-/.test(releaseSource)) throw new InvalidRequest(message('request.not-an-id', { name: 'releaseSource' }));
  if (releaseSource !== null && choices.rollback === true) throw new InvalidRequest(message('request.rollback-or-release'));
  return {
    driveId: id(fields.driveId, 'driveId'),
    destinationId: id(fields.destinationId, 'destinationId'),
    choices: { rollback: choices.rollback as boolean, releaseSource, uefi: choices.uefi as boolean, allowMissing: choices.allowMissing as boolean },
    confirmation: confirmation(fields.confirmation, 'repair:start'),
  };
}

function serverName(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new InvalidRequest(message('request.a-text', { what, field: 'serverName' }));
  const problem = serverNameProblem(value);
  if (problem) throw new InvalidRequest(problem);
  return value;
}

/** A drive's name as the user typed it to confirm a drive with a warning. */
function confirmation(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length > 200) throw new InvalidRequest(message('request.short-text', { what, field: 'confirmation' }));
  return value;
}

function parseWifi(value: unknown): WifiSettings {
  const { ssid, security, password, country } = record(value, 'wifi', WIFI_KEYS, WIFI_KEYS);
  for (const [field, text] of Object.entries({ ssid, password, country })) {
    if (typeof text !== 'string' || text.length > 256) throw new InvalidRequest(message('request.a-text', { what: 'wifi', field }));
  }
  if (!WIFI_SECURITIES.includes(security as WifiSecurity)) throw new InvalidRequest(message('release.wifi-security'));
  const wifi = { ssid, security, password, country } as WifiSettings;
  const problem = wifiProblem(wifi);
  if (problem) throw new InvalidRequest(problem);
  return wifi;
}

function parseNetwork(value: unknown): NetworkSettings {
  const fields = record(value, 'network', NETWORK_KEYS, NETWORK_KEYS);
  const { dhcp, address, netmask, gateway, dns } = fields;
  if (typeof dhcp !== 'boolean' || ![address, netmask, gateway, dns].every((text) => typeof text === 'string' && text.length <= 64)) {
    throw new InvalidRequest(message('request.network-shape'));
  }
  const settings = { dhcp, address, netmask, gateway, dns } as NetworkSettings;
  const problem = networkProblem(settings);
  if (problem) throw new InvalidRequest(problem);
  return settings;
}

/** A plain object with the required keys and no key outside `allowed`. */
function record(value: unknown, what: string, required: readonly string[], allowed: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidRequest(message('request.needs-object', { what }));
  const fields = value as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => !allowed.includes(key));
  if (unknown !== undefined) throw new InvalidRequest(message('request.unknown-field', { what, field: unknown }));
  const missing = required.find((key) => fields[key] === undefined);
  if (missing !== undefined) throw new InvalidRequest(message('request.missing-field', { what, field: missing }));
  return fields;
}

function passphrase(value: unknown): string {
  if (typeof value !== 'string' || value === '' || value.length > MAX_PASSPHRASE_LENGTH) throw new InvalidRequest(message('request.bad-passphrase'));
  return value;
}

function id(value: unknown, name: string): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) throw new InvalidRequest(message('request.not-an-id', { name }));
  return value;
}

function nothing(channel: RequestChannel): (value: unknown) => null {
  return (value) => {
    if (value !== null && value !== undefined) throw new InvalidRequest(message('request.no-arguments', { channel }));
    return null;
  };
}
