// Every request from the renderer is untrusted input: each is checked here, field by field, before
// anything acts on it. A request must be exactly the shape the contract declares: a field the
// contract does not have (a "device" or "path" slipped into a write) is refused, not ignored.
import { isAbsolute } from 'node:path';
import { bootLabelProblem } from '../../shared/boot-label.js';
import { networkProblem, serverNameProblem, type NetworkSettings, type RequestChannel, type RequestOf, type WriteRequest } from '../../shared/ipc.js';
import { formatMessage, message, type AnyMessage } from '../../shared/message.js';
import { isDesktopLanguage } from '../../shared/desktop-words.js';

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
const ID_PATTERN = /^(?:backup|drive|job|destination)-[0-9]{1,9}$/;

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
    const fields = record(value, 'backup:start', ['driveId', 'destinationId', 'withoutSecrets'], ['driveId', 'destinationId', 'withoutSecrets']);
    if (typeof fields.withoutSecrets !== 'boolean') throw new InvalidRequest(message('request.true-or-false', { what: 'backup:start', field: 'withoutSecrets' }));
    return { driveId: id(fields.driveId, 'driveId'), destinationId: id(fields.destinationId, 'destinationId'), withoutSecrets: fields.withoutSecrets };
  },
  'clone:start': (value) => {
    const fields = record(value, 'clone:start', ['sourceId', 'driveId'], ['sourceId', 'driveId', 'confirmation']);
    const request = { sourceId: id(fields.sourceId, 'sourceId'), driveId: id(fields.driveId, 'driveId') };
    if (fields.confirmation === undefined) return request;
    if (typeof fields.confirmation !== 'string' || fields.confirmation.length > 200) throw new InvalidRequest(message('request.short-text', { what: 'clone:start', field: 'confirmation' }));
    return { ...request, confirmation: fields.confirmation };
  },
  'system:languages': nothing('system:languages'),
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
  const fields = record(value, 'write:start', ['backupId', 'driveId', 'uefi'], ['backupId', 'driveId', 'uefi', 'serverName', 'network', 'bootLabel', 'confirmation']);
  if (typeof fields.uefi !== 'boolean') throw new InvalidRequest(message('request.true-or-false', { what: 'write:start', field: 'uefi' }));
  const request: { -readonly [K in keyof WriteRequest]: WriteRequest[K] } = {
    backupId: id(fields.backupId, 'backupId'),
    driveId: id(fields.driveId, 'driveId'),
    uefi: fields.uefi,
  };
  if (fields.serverName !== undefined) {
    if (typeof fields.serverName !== 'string') throw new InvalidRequest(message('request.a-text', { what: 'write:start', field: 'serverName' }));
    const problem = serverNameProblem(fields.serverName);
    if (problem) throw new InvalidRequest(problem);
    request.serverName = fields.serverName;
  }
  if (fields.network !== undefined) request.network = parseNetwork(fields.network);
  if (fields.bootLabel !== undefined) {
    if (typeof fields.bootLabel !== 'string') throw new InvalidRequest(message('request.a-text', { what: 'write:start', field: 'bootLabel' }));
    const problem = bootLabelProblem(fields.bootLabel);
    if (problem) throw new InvalidRequest(problem);
    request.bootLabel = fields.bootLabel;
  }
  if (fields.confirmation !== undefined) {
    if (typeof fields.confirmation !== 'string' || fields.confirmation.length > 200) throw new InvalidRequest(message('request.short-text', { what: 'write:start', field: 'confirmation' }));
    request.confirmation = fields.confirmation;
  }
  return request;
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
