// Whether Lime Technology will license a drive's GUID, as its validation service answers, and the
// message for each answer. Plain TypeScript: no Node, no DOM.
import { message, type AnyMessage } from './message.js';

/** The service the official USB creator asks: it is told the GUID, nothing else. */
export const LIME_GUID_SERVICE = 'https://keys.lime-technology.com/validate/guid';

export type LicenceStatus =
  /** The service accepted the GUID: this drive can take a licence. */
  | { readonly status: 'valid' }
  /** The service refused the GUID (HTTP 403), with the reason it gave when it gave one. */
  | { readonly status: 'blacklisted'; readonly reason: string | null }
  /** No answer to go by: offline, a timeout, a server error. Never a reason to refuse the drive. */
  | { readonly status: 'unknown'; readonly why: AnyMessage }
  /** Not asked: the user turned the check off, so nothing was sent. */
  | { readonly status: 'not-checked' }
  /** The drive has no GUID (no USB serial number): Unraid cannot license it. */
  | { readonly status: 'no-guid'; readonly why: AnyMessage };

/** Whether the answer rules the drive out as an Unraid boot drive. */
export function licenceRulesOut(licence: LicenceStatus): boolean {
  return licence.status === 'blacklisted' || licence.status === 'no-guid';
}

/** The answer in words (without the "Licence:" the CLI puts before it: licenceLine). */
export function licenceStatusMessage(licence: LicenceStatus): AnyMessage {
  switch (licence.status) {
    case 'valid':
      return message('licence.valid');
    case 'blacklisted':
      return licence.reason ? message('licence.blacklisted-because', { detail: licence.reason }) : message('licence.blacklisted');
    case 'unknown':
      return message('licence.unknown', { why: licence.why });
    case 'not-checked':
      return message('licence.not-checked');
    case 'no-guid':
      return message('licence.no-guid', { why: licence.why });
  }
}

/** "Licence: …", as the CLI prints it. */
export function licenceLine(licence: LicenceStatus): AnyMessage {
  return message('licence.line', { status: licenceStatusMessage(licence) });
}

/** What the app tells the user before it asks. */
export function licenceDisclosure(service: string): AnyMessage {
  return message('licence.disclosure', { host: hostOf(service) });
}

function hostOf(address: string): string {
  const match = /^[a-z]+:\/\/([^/]+)/i.exec(address);
  return match ? match[1]! : address;
}
