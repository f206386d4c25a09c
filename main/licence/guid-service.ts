// Asks Lime Technology's GUID validation service about one GUID, as the official USB creator does
// (unraid/usb-creator-next, src/unraid/unraid_guid.cpp): POST, form-encoded body `guid=<GUID>`.
// Unlike it, a redirect is followed only within the service's own origin (see checkGuidLicence). A
// 403 means blacklisted (the 1.x creator showed the JSON `error` it carries); a success means the
// GUID can take a licence; anything else, no answer within the timeout included, is "could not
// check". Never throws.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FlashGuid } from '../../shared/drives.js';
import type { LicenceStatus } from '../../shared/licence.js';
import { message } from '../../shared/message.js';
import { LIME_GUID_SERVICE } from '../../shared/licence.js';

export const LICENCE_SERVICE_ENV = 'FLASH_CREATOR_GUID_SERVICE';
const DEFAULT_TIMEOUT_MS = 5000;
const MAX_REDIRECTS = 5;

export interface LicenceCheckOptions {
  /** The service's address (tests give a local server's); see licenceService. */
  readonly service?: string;
  readonly timeoutMs?: number;
}

/**
 * Whether the code at `modulePath` (this file's, by default) runs from the project's sources: under
 * tsx or vitest (the .ts itself), or built into dist/ of a checkout that holds the sources. The
 * packaged app, its CLI included, runs from app.asar, which holds package.json and dist/ only.
 */
export function runsFromSources(modulePath: string = fileURLToPath(import.meta.url)): boolean {
  return modulePath.endsWith('.ts') || existsSync(join(dirname(modulePath), '..', '..', '..', 'main', 'licence', 'guid-service.ts'));
}

/**
 * The address to ask: the option, then (only when run from the sources, where a developer may point
 * it at a test server) FLASH_CREATOR_GUID_SERVICE, then Lime Technology's. A release ignores the
 * environment: nothing set there can send drives' GUIDs elsewhere.
 */
export function licenceService(options: LicenceCheckOptions = {}, fromSources: boolean = runsFromSources()): string {
  return options.service ?? (fromSources ? process.env[LICENCE_SERVICE_ENV] : undefined) ?? LIME_GUID_SERVICE;
}

export async function checkGuidLicence(guid: string, options: LicenceCheckOptions = {}): Promise<LicenceStatus> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  let address = licenceService(options);
  try {
    for (let redirects = 0; ; redirects++) {
      const response = await fetch(address, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ guid }).toString(),
        redirect: 'manual',
        signal,
      });
      const next = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && next && redirects < MAX_REDIRECTS) {
        // The GUID goes to the service's own origin only. Asking it again there at another path
        // tells nobody new (that server has the GUID already), so a moved path keeps working;
        // another host, or plain http for https, is told nothing: the check is "unknown" instead.
        const target = new URL(next, address);
        if (target.origin !== new URL(address).origin) return { status: 'unknown', why: message('licence.why.redirected', { origin: target.origin }) };
        address = target.href;
        continue;
      }
      if (response.status === 403) return { status: 'blacklisted', reason: errorOf(await response.text()) };
      if (response.ok) return { status: 'valid' };
      return { status: 'unknown', why: message('licence.why.http', { status: response.status }) };
    }
  } catch (error) {
    if (signal.aborted) return { status: 'unknown', why: message('licence.why.timeout', { seconds: timeoutMs / 1000 }) };
    return { status: 'unknown', why: message('licence.why.unreachable', { detail: causeOf(error) }) };
  }
}

/** The `error` of a JSON answer; null when there is none. */
function errorOf(body: string): string | null {
  try {
    const value: unknown = JSON.parse(body);
    const error = typeof value === 'object' && value !== null ? (value as { error?: unknown }).error : undefined;
    return typeof error === 'string' && error.trim() !== '' ? error.trim().slice(0, 300) : null;
  } catch {
    return null;
  }
}

function causeOf(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

/** The licence status of a drive: no GUID, not asked (offline: nothing is sent), or the service's answer. */
export function licenceOfDrive(drive: FlashGuid, options: LicenceCheckOptions & { readonly offline: boolean }): Promise<LicenceStatus> {
  if (drive.guid === null) return Promise.resolve({ status: 'no-guid', why: drive.noGuidReason });
  if (options.offline) return Promise.resolve({ status: 'not-checked' });
  return checkGuidLicence(drive.guid, options);
}
