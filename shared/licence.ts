// Whether Lime Technology will license a drive's GUID, as its validation service answers, and the
// sentence for each answer. Plain TypeScript: no Node, no DOM.

/** The service the official USB creator asks: it is told the GUID, nothing else. */
export const LIME_GUID_SERVICE = 'https://keys.lime-technology.com/validate/guid';

export type LicenceStatus =
  /** The service accepted the GUID: this drive can take a licence. */
  | { readonly status: 'valid' }
  /** The service refused the GUID (HTTP 403), with the reason it gave when it gave one. */
  | { readonly status: 'blacklisted'; readonly reason: string | null }
  /** No answer to go by: offline, a timeout, a server error. Never a reason to refuse the drive. */
  | { readonly status: 'unknown'; readonly why: string }
  /** Not asked: the user turned the check off, so nothing was sent. */
  | { readonly status: 'not-checked' }
  /** The drive has no GUID (no USB serial number): Unraid cannot license it. */
  | { readonly status: 'no-guid'; readonly why: string };

/** Whether the answer rules the drive out as an Unraid boot drive. */
export function licenceRulesOut(licence: LicenceStatus): boolean {
  return licence.status === 'blacklisted' || licence.status === 'no-guid';
}

export function licenceSentence(licence: LicenceStatus): string {
  switch (licence.status) {
    case 'valid':
      return 'Licence: this drive can take an Unraid licence (Lime Technology knows no reason against its GUID).';
    case 'blacklisted':
      return `Licence: blacklisted: Unraid will not license this drive${licence.reason ? ` (${licence.reason})` : ''}. Use another flash drive.`;
    case 'unknown':
      return `Licence: could not check (${licence.why}); the drive may still be fine.`;
    case 'not-checked':
      return 'Licence: not checked online (turned off); nothing was sent.';
    case 'no-guid':
      return `Licence: this drive has no GUID, so Unraid cannot license it (${licence.why}).`;
  }
}

/** What the app tells the user before it asks. */
export function licenceDisclosure(service: string): string {
  return `Flash Creator sends the drive’s GUID (and nothing else) to Lime Technology’s service at ${hostOf(service)}.`;
}

function hostOf(address: string): string {
  const match = /^[a-z]+:\/\/([^/]+)/i.exec(address);
  return match ? match[1]! : address;
}
