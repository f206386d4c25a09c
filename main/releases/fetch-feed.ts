// The release list from its address (FLASH_CREATOR_RELEASES, or Unraid's own): read up to the feed's
// size limit, a few attempts with back-off when the server does not answer, then parsed whole.
import { message } from '../../shared/message.js';
import { FeedError, isAllowedUrl, MAX_FEED_BYTES, parseFeed, UNRAID_FEED, type Release } from './feed.js';
import { describe, HttpError, httpGet, watchStalls } from './http-get.js';
import type { ProxyResolver } from './proxy.js';

export const FEED_ENV = 'FLASH_CREATOR_RELEASES';

export interface FeedOptions {
  readonly attempts?: number;
  readonly backoffMs?: number;
  readonly timeoutMs?: number;
  readonly proxy?: ProxyResolver;
}

/** The feed's address: FLASH_CREATOR_RELEASES, else Unraid's. */
export function feedAddress(env: NodeJS.ProcessEnv = process.env): string {
  return env[FEED_ENV] || UNRAID_FEED;
}

/** The releases the feed lists. Throws FeedError with the sentence to show. */
export async function fetchReleases(address: string, options: FeedOptions = {}): Promise<Release[]> {
  if (!isAllowedUrl(address)) throw new FeedError(message('release.feed-bad-url', { address, field: FEED_ENV, url: address }));
  const attempts = options.attempts ?? 3;
  let backoff = options.backoffMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      return parseFeed(await fetchText(address, options.timeoutMs ?? 15_000, options.proxy), address);
    } catch (error) {
      if (error instanceof FeedError) throw error;
      const retry = !(error instanceof HttpError) || error.retry;
      if (!retry || attempt >= attempts) throw new FeedError(message('release.feed-unreachable', { address, detail: describe(error) }));
      await new Promise((done) => setTimeout(done, backoff));
      backoff *= 2;
    }
  }
}

async function fetchText(address: string, timeoutMs: number, proxy: ProxyResolver | undefined): Promise<string> {
  const response = await httpGet(address, { connectTimeoutMs: timeoutMs, headers: { accept: 'application/json' }, proxy });
  const status = response.statusCode ?? 0;
  if (status !== 200) {
    response.resume();
    throw new HttpError(`HTTP ${status}`, status >= 500 || status === 429 || status === 408, status);
  }
  const stalls = watchStalls(response, timeoutMs);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response) {
      stalls.touch();
      size += (chunk as Buffer).length;
      // One byte past the limit is enough for parseFeed to refuse it; the rest is never read.
      if (size > MAX_FEED_BYTES) {
        chunks.push(chunk as Buffer);
        response.destroy();
        break;
      }
      chunks.push(chunk as Buffer);
    }
  } finally {
    stalls.stop();
  }
  return Buffer.concat(chunks).toString('utf8');
}
