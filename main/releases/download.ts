// A release zip into the cache (REFERENCE §11, how rpi-imager downloads, and better): SHA-256
// computed as the bytes arrive; a dropped connection resumed with a Range request; a server that
// ignores Range (200 to a ranged request, 416) restarted from zero; a few attempts with back-off;
// connect and stall timeouts; a mismatch deletes the file; a cached release reused only after it
// is hashed again; never more than the disk can spare. Thin I/O; the rules are in the options.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { message, type AnyMessage } from '../../shared/message.js';
import { DEFAULT_RESERVE_BYTES, freeBytes, pruneCache, sha256File, sizeOf } from './cache.js';
import type { Release } from './feed.js';
import { describe, HttpError, httpGet, watchStalls } from './http-get.js';
import type { ProxyResolver } from './proxy.js';

/** No release zip is larger: a server sending more is wrong. */
export const MAX_RELEASE_BYTES = 8 * 2 ** 30;

export interface DownloadOptions {
  readonly cacheDir: string;
  readonly attempts?: number;
  /** The first wait between attempts; it doubles each time. */
  readonly backoffMs?: number;
  readonly connectTimeoutMs?: number;
  readonly stallTimeoutMs?: number;
  /** What must stay free on the cache's disk after the download. */
  readonly reserveBytes?: number;
  readonly onProgress?: (received: number, total: number | null) => void;
  readonly signal?: AbortSignal;
  readonly proxy?: ProxyResolver;
}

export interface Downloaded {
  readonly path: string;
  readonly sha256: string;
  /** The release list gave a SHA-256 and the file matches it. */
  readonly verified: boolean;
  /** Taken from the cache, after hashing it again. */
  readonly fromCache: boolean;
  readonly attempts: number;
  /** Bytes received over the network in this call. */
  readonly received: number;
  /** What the user is told besides (an unverified download, a tampered cache file fetched again). */
  readonly notices: readonly AnyMessage[];
}

export class DownloadError extends Error {
  override name = 'DownloadError';

  constructor(readonly reason: AnyMessage) {
    super(reason.code);
  }
}

/** What a download needs of a release. */
type Wanted = Pick<Release, 'url' | 'fileName' | 'sha256' | 'downloadBytes'>;

export async function downloadRelease(release: Wanted, options: DownloadOptions): Promise<Downloaded> {
  const { cacheDir } = options;
  const name = release.fileName;
  const final = join(cacheDir, name);
  const part = `${final}.part`;
  const notices: AnyMessage[] = release.sha256 ? [] : [message('release.unverified', { name })];
  await mkdir(cacheDir, { recursive: true });

  if (release.sha256 && (await sizeOf(final)) > 0) {
    const cached = await sha256File(final);
    if (cached === release.sha256) return { path: final, sha256: cached, verified: true, fromCache: true, attempts: 0, received: 0, notices };
    notices.push(message('release.cached-tampered', { name }));
    await rm(final, { force: true });
  }
  await pruneCache(cacheDir, name);
  await checkRoom(release, part, options);

  const state = await resume(part);
  const attempts = options.attempts ?? 5;
  let backoff = options.backoffMs ?? 1000;
  let received = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      received += await fetchInto(release, part, state, options);
      break;
    } catch (error) {
      const retry = !(error instanceof HttpError) || error.retry;
      if (options.signal?.aborted || !retry || attempt >= attempts) {
        if (options.signal?.aborted) throw error;
        throw new DownloadError(message('release.download-failed', { name, count: attempt, detail: describe(error) }));
      }
      await new Promise((done) => setTimeout(done, backoff));
      backoff *= 2;
    }
  }
  const sha256 = state.hash.digest('hex');
  if (release.sha256 && sha256 !== release.sha256) {
    await rm(part, { force: true });
    throw new DownloadError(message('release.hash-mismatch', { name }));
  }
  await rename(part, final);
  return { path: final, sha256, verified: release.sha256 !== null, fromCache: false, attempts: state.attempts, received, notices };
}

interface PartState {
  hash: Hash;
  offset: number;
  attempts: number;
}

/** An unfinished download from an earlier run is hashed so far and continued. */
async function resume(part: string): Promise<PartState> {
  const offset = await sizeOf(part);
  const hash = createHash('sha256');
  if (offset > 0) {
    for await (const chunk of createReadStream(part, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  }
  return { hash, offset, attempts: 0 };
}

async function checkRoom(release: Wanted, part: string, options: DownloadOptions): Promise<void> {
  const reserve = options.reserveBytes ?? DEFAULT_RESERVE_BYTES;
  const needed = Math.max(0, (release.downloadBytes ?? 0) - (await sizeOf(part)));
  const free = await freeBytes(options.cacheDir);
  if (free - needed < reserve) {
    throw new DownloadError(message('release.no-room', { name: release.fileName, size: release.downloadBytes ?? 0, folder: options.cacheDir, free, reserve }));
  }
}

/** One attempt: appends to the part file from its current end, or starts over when the server ignores Range. Returns the bytes received. */
async function fetchInto(release: Wanted, part: string, state: PartState, options: DownloadOptions): Promise<number> {
  state.attempts++;
  const headers: Record<string, string> = state.offset > 0 ? { range: `bytes=${state.offset}-` } : {};
  const response = await httpGet(release.url, { headers, connectTimeoutMs: options.connectTimeoutMs ?? 30_000, signal: options.signal, proxy: options.proxy });
  const status = response.statusCode ?? 0;
  const resumed = status === 206 && new RegExp(`^bytes ${state.offset}-`).test(response.headers['content-range'] ?? '');
  if (status === 416 || (status === 206 && !resumed) || (status === 200 && state.offset > 0)) {
    // The server ignores or refuses the range: start again from zero.
    await restart(part, state);
    if (status !== 200) {
      response.resume();
      throw new HttpError(`the server ignored the range (HTTP ${status})`, true, status);
    }
  } else if (status !== 200 && status !== 206) {
    response.resume();
    throw new HttpError(`HTTP ${status}`, status >= 500 || status === 429 || status === 408, status);
  }
  const length = Number(response.headers['content-length'] ?? NaN);
  const total = Number.isFinite(length) ? state.offset + length : release.downloadBytes;
  const file = await open(part, 'a');
  const stalls = watchStalls(response, options.stallTimeoutMs ?? 60_000);
  let received = 0;
  try {
    for await (const chunk of response) {
      const bytes = chunk as Buffer;
      stalls.touch();
      if (state.offset + bytes.length > MAX_RELEASE_BYTES) throw new HttpError(`more than ${MAX_RELEASE_BYTES} bytes`, false);
      await file.write(bytes);
      state.hash.update(bytes);
      state.offset += bytes.length;
      received += bytes.length;
      options.onProgress?.(state.offset, total);
    }
    if (Number.isFinite(length) && state.offset < total!) throw new HttpError('the connection closed early', true);
  } finally {
    stalls.stop();
    await file.close();
  }
  return received;
}

async function restart(part: string, state: PartState): Promise<void> {
  await rm(part, { force: true });
  state.hash = createHash('sha256');
  state.offset = 0;
}
