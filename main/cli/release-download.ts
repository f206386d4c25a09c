// A release of Unraid's list, for install --release and repair --release: the list fetched, the
// release's zip downloaded into the cache (or the cached copy hashed again), its SHA-256 checked
// against the list, with the download's progress on the terminal and Ctrl+C as a cancel.
import { englishList, formatBytes, formatSpeed } from '../../shared/format.js';
import { formatMessage, message } from '../../shared/message.js';
import { cacheDirectory } from '../releases/cache.js';
import { DownloadError, downloadRelease } from '../releases/download.js';
import { findRelease, FeedError } from '../releases/feed.js';
import { feedAddress, fetchReleases } from '../releases/fetch-feed.js';
import { environmentProxy } from '../releases/proxy.js';
import { downloadPrinter } from './download-progress.js';
import type { CliIO } from './io.js';

/** The release from the list, in the cache: downloaded (or the cached copy, hashed again). Undefined, with the reason said, when it cannot be had. */
export async function downloadedRelease(version: string, io: CliIO): Promise<string | undefined> {
  const address = feedAddress();
  try {
    const releases = await fetchReleases(address, { proxy: environmentProxy });
    const release = findRelease(releases, version);
    if (!release) {
      io.stderr.write(`${formatMessage(message('release.no-such-release', { version, versions: englishList(releases.map((r) => r.version)) }))}\n`);
      return undefined;
    }
    if (release.next) io.stdout.write(`${release.name} is a test version (Next: a beta or release candidate).\n`);
    const started = performance.now();
    const progress = downloadPrinter(io);
    const cancel = new AbortController();
    const onInterrupt = (): void => cancel.abort();
    process.once('SIGINT', onInterrupt);
    const result = await downloadRelease(release, { cacheDir: cacheDirectory(), onProgress: progress.update, signal: cancel.signal, proxy: environmentProxy }).finally(() => {
      progress.end();
      process.off('SIGINT', onInterrupt);
    });
    const seconds = (performance.now() - started) / 1000;
    for (const notice of result.notices) io.stderr.write(`${formatMessage(notice)}\n`);
    io.stdout.write(result.fromCache
      ? `${release.fileName}: the cached copy matches its SHA-256 (checked in ${seconds.toFixed(1)} s); nothing downloaded.\n`
      : `Downloaded ${release.fileName} (${formatBytes(result.received)}) in ${seconds.toFixed(1)} s, ${formatSpeed(result.received / Math.max(seconds, 0.001))}` +
        `${result.verified ? '; its SHA-256 matches the release list' : ''}.\n`);
    return result.path;
  } catch (error) {
    if (!(error instanceof FeedError || error instanceof DownloadError)) throw error;
    io.stderr.write(`${formatMessage(error.reason)}\n`);
    return undefined;
  }
}
