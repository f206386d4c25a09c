// Unraid's release list (REFERENCE §11): Raspberry Pi Imager's OS-list JSON, as the official creator
// reads it from https://releases.unraid.net/usb-creator (unraid/usb-creator-next, src/oslistmodel.cpp;
// raspberrypi/rpi-imager doc/json-schema/os-list-schema.json). `{"imager": {...}, "os_list": [...]}`:
// stable releases at the top level, newest first, and the Next branch (betas, release candidates) as
// the `subitems` of a group entry. A feed that breaks any rule is refused whole, with one sentence,
// never half-read. Pure: text in, releases out.
import { message, type AnyMessage } from '../../shared/message.js';

/** A real feed is a few kilobytes; one larger than this is not Unraid's. */
export const MAX_FEED_BYTES = 4 * 2 ** 20;
/** Unraid's own feed, which the official creator reads. */
export const UNRAID_FEED = 'https://releases.unraid.net/usb-creator';

export interface Release {
  /** "Unraid 7.3.2", as the feed names it. */
  readonly name: string;
  /** "7.3.2", "7.3.0-rc.1": from the name, else from the zip's file name. */
  readonly version: string;
  readonly url: string;
  /** The zip's file name, from the url's path ("unRAIDServer-7.3.2-x86_64.zip"). */
  readonly fileName: string;
  readonly releaseDate: string | null;
  /** Release notes. */
  readonly website: string | null;
  readonly downloadBytes: number | null;
  readonly extractBytes: number | null;
  /** SHA-256 of the zip as downloaded (lower-case hex); null when the feed gives none: the download is then unverified. */
  readonly sha256: string | null;
  /** A Next release (beta, release candidate): a test version. */
  readonly next: boolean;
}

export class FeedError extends Error {
  override name = 'FeedError';

  constructor(readonly reason: AnyMessage) {
    super(reason.code);
  }
}

/** The releases in the feed, stable ones first in the feed's order, then the Next ones. Throws FeedError. */
export function parseFeed(text: string, address: string): Release[] {
  if (Buffer.byteLength(text, 'utf8') > MAX_FEED_BYTES) throw new FeedError(message('release.feed-too-large', { address, limit: MAX_FEED_BYTES }));
  let feed: unknown;
  try {
    feed = JSON.parse(text);
  } catch {
    throw new FeedError(message('release.feed-not-json', { address }));
  }
  const list = isRecord(feed) ? feed.os_list : undefined;
  if (!Array.isArray(list)) throw bad(address, 'os_list');
  const stable: Release[] = [];
  const next: Release[] = [];
  list.forEach((entry: unknown, index) => {
    const field = `os_list[${index}]`;
    if (!isRecord(entry)) throw bad(address, field);
    if (entry.subitems === undefined) {
      stable.push(release(entry, field, address, false));
      return;
    }
    if (!Array.isArray(entry.subitems)) throw bad(address, `${field}.subitems`);
    entry.subitems.forEach((item: unknown, subindex) => {
      const subfield = `${field}.subitems[${subindex}]`;
      if (!isRecord(item) || item.subitems !== undefined) throw bad(address, subfield);
      next.push(release(item, subfield, address, true));
    });
  });
  return [...stable, ...next];
}

/** The release a version names: "latest" is the first stable one. */
export function findRelease(releases: readonly Release[], version: string): Release | undefined {
  if (version === 'latest') return releases.find((release) => !release.next);
  return releases.find((release) => release.version === version || release.version === version.replace(/^v/, ''));
}

/** https, or http to this computer itself (a test server on 127.0.0.1). */
export function isAllowedUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username !== '' || parsed.password !== '') return false;
  if (parsed.protocol === 'https:') return true;
  return parsed.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
}

function release(entry: Record<string, unknown>, field: string, address: string, next: boolean): Release {
  const name = text(entry, 'name', field, address);
  const url = text(entry, 'url', field, address);
  if (!isAllowedUrl(url)) throw new FeedError(message('release.feed-bad-url', { address, field: `${field}.url`, url }));
  const fileName = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
  if (!/^[\w.+-]{1,200}\.zip$/i.test(fileName)) throw bad(address, `${field}.url`);
  const version = /\d+\.\d+(?:\.\d+)?(?:-[\w.]+)?/.exec(name)?.[0] ?? /(\d+\.\d+(?:\.\d+)?(?:-(?!x86_64)[\w.]+?)?)(?:-x86_64)?\.zip$/i.exec(fileName)?.[1];
  if (version === undefined) throw bad(address, `${field}.name`);
  const sha256 = optionalText(entry, 'extract_sha256', field, address);
  if (sha256 !== null && !/^[0-9a-f]{64}$/i.test(sha256)) throw bad(address, `${field}.extract_sha256`);
  const website = optionalText(entry, 'website', field, address);
  return {
    name, version, url, fileName, next,
    releaseDate: optionalText(entry, 'release_date', field, address),
    website: website !== null && isAllowedUrl(website) ? website : null,
    downloadBytes: size(entry, 'image_download_size', field, address),
    extractBytes: size(entry, 'extract_size', field, address),
    sha256: sha256?.toLowerCase() ?? null,
  };
}

function text(entry: Record<string, unknown>, key: string, field: string, address: string): string {
  const value = entry[key];
  if (typeof value !== 'string' || value === '' || value.length > 2048) throw bad(address, `${field}.${key}`);
  return value;
}

function optionalText(entry: Record<string, unknown>, key: string, field: string, address: string): string | null {
  return entry[key] === undefined || entry[key] === null || entry[key] === '' ? null : text(entry, key, field, address);
}

function size(entry: Record<string, unknown>, key: string, field: string, address: string): number | null {
  const value = entry[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw bad(address, `${field}.${key}`);
  return value;
}

function bad(address: string, field: string): FeedError {
  return new FeedError(message('release.feed-bad-field', { address, field }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
