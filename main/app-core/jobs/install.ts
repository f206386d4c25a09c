// The install: Unraid on a new drive, from the release list (downloaded into the cache, its SHA-256
// checked; a cached copy hashed again) or a release zip the user opened, with the new server's first
// settings written into the release's config/ (first-settings.ts, as the CLI's install does). The
// download is the job's first phase and the verified write follows it in the same job; nothing
// touches the drive until the zip's hash and every bz file's .sha256 match. At the end, the new
// server's checklist.
import { join } from 'node:path';
import type { ChecklistSection } from '../../../shared/backup-report.js';
import type { InstallRequest, ListedRelease, ReleaseList, WriteResult, WrittenDrive } from '../../../shared/ipc.js';
import { message, type AnyMessage } from '../../../shared/message.js';
import { buildNewServerChecklist, DEFAULT_SERVER_NAME } from '../../backup/new-server.js';
import { cacheDirectory, sizeOf } from '../../releases/cache.js';
import { DownloadError, downloadRelease } from '../../releases/download.js';
import { FeedError, type Release } from '../../releases/feed.js';
import { feedAddress, fetchReleases } from '../../releases/fetch-feed.js';
import type { ShelvedBackup } from '../backup-shelf.js';
import type { DriveRow } from '../../../shared/ipc.js';
import { RequestRefused } from '../refused.js';
import type { JobProgress, WriteJob } from '../write-runner.js';
import type { JobContext } from './context.js';

/** Where an install takes Unraid from: a release of the list, or a release zip opened like a backup. */
type InstallSource = { readonly kind: 'listed'; readonly release: Release } | { readonly kind: 'zip'; readonly zip: ShelvedBackup };

export class Installs {
  /** The releases of the latest list, by the id given out for each. */
  private readonly listed = new Map<string, Release>();
  private nextId = 1;

  /** The releases the feed lists (stable first, then Next), each with whether it is in the cache. Refused with the feed's sentence when it cannot be had. */
  async list({ options }: JobContext, address: string | null): Promise<ReleaseList> {
    const from = address ?? options.releases?.feed ?? feedAddress();
    let releases: Release[];
    try {
      releases = await fetchReleases(from, { ...options.releases?.retry, proxy: options.releases?.resolveProxy });
    } catch (error) {
      if (!(error instanceof FeedError)) throw error;
      options.log.info(`The release list from ${from} could not be had: ${error.reason.code}`);
      throw new RequestRefused(error.reason.code === 'release.feed-unreachable' ? 'unreachable' : 'failed', error.reason);
    }
    this.listed.clear();
    const cache = cacheOf(options);
    const rows: ListedRelease[] = [];
    for (const release of releases) {
      const releaseId = `release-${this.nextId++}`;
      this.listed.set(releaseId, release);
      rows.push({
        releaseId,
        name: release.name,
        version: release.version,
        releaseDate: release.releaseDate,
        notes: release.website,
        downloadBytes: release.downloadBytes,
        next: release.next,
        verifiable: release.sha256 !== null,
        cached: (await sizeOf(join(cache, release.fileName))) > 0,
      });
    }
    options.log.info(`Release list from ${from}: ${releases.map((release) => release.version).join(', ') || 'none'}`);
    return { address: from, releases: rows };
  }

  /** Judges the drive list for a release of the list: its unpacked size, and the cache's drive (where it will be downloaded) refused. */
  choose({ drives, options }: JobContext, releaseId: string): null {
    const release = this.release(releaseId);
    drives.watch(release, release.extractBytes === null ? null : { neededBytes: release.extractBytes, zipPath: join(cacheOf(options), release.fileName) });
    return null;
  }

  async start(context: JobContext, request: InstallRequest): Promise<{ jobId: string }> {
    const { drives, slot, options } = context;
    slot.refuseWhileBusy();
    const source = this.source(context, request.sourceId);
    await drives.listed();
    if (drives.judgedFor !== (source.kind === 'listed' ? source.release : source.zip)) throw new RequestRefused('unknown-drive', message('request.unknown-drive'));
    const target = drives.writableDrive(request.driveId, request.confirmation);
    const jobId = slot.newJobId();
    const drive: WrittenDrive = { description: target.description, device: target.device, size: target.size!, guid: target.guid };
    options.log.info(`Install ${jobId}: ${source.kind === 'listed' ? `${source.release.name} from ${source.release.url}` : source.zip.zipPath} to ${target.device} (${target.description}, ${target.size} bytes, ${target.verdict}); ` +
      `UEFI ${request.uefi ? 'on' : 'off'}${request.serverName === undefined ? '' : `; server name ${request.serverName}`}${request.network === undefined ? '' : `; network ${request.network.dhcp ? 'DHCP' : request.network.address}`}` +
      `${request.wifi === undefined ? '' : `; Wi-Fi ${request.wifi.ssid} (${request.wifi.security}, ${request.wifi.country})`}`);
    slot.runWrite(jobId, drive, (onProgress, signal) => this.install(context, source, target, request, onProgress, signal), newServerChecklist(source, request));
    return { jobId };
  }

  /** A release of the latest list, by its id. */
  release(releaseId: string): Release {
    const release = this.listed.get(releaseId);
    if (!release) throw new RequestRefused('unknown-release', message('release.unknown-release'));
    return release;
  }

  /** The source the request names: a listed release, or an opened zip that is a release (a backup is restored, not installed). */
  private source({ shelf }: JobContext, sourceId: string): InstallSource {
    if (sourceId.startsWith('release-')) return { kind: 'listed', release: this.release(sourceId) };
    const zip = shelf.get(sourceId);
    if (!zip) throw new RequestRefused('unknown-backup', message('request.unknown-backup'));
    const { report } = zip.opened;
    if (report.kind !== 'release') throw new RequestRefused('backup-blocked', message('release.not-a-release', { zip: report.zipName }));
    if (!report.ok) throw new RequestRefused('backup-blocked', message('request.backup-blocked', { zip: report.zipName }));
    return { kind: 'zip', zip };
  }

  private async install(context: JobContext, source: InstallSource, target: DriveRow, request: InstallRequest, onProgress: (progress: JobProgress) => void, signal: AbortSignal): Promise<WriteResult> {
    const { options, shelf } = context;
    let zip: ShelvedBackup;
    if (source.kind === 'zip') {
      zip = source.zip;
    } else {
      const { release } = source;
      try {
        zip = await shelf.open(await downloadedRelease(options, release, onProgress, signal));
      } catch (error) {
        if (signal.aborted) return installStopped([message('release.download-cancelled', { name: release.fileName })], { cancelled: true });
        if (error instanceof DownloadError) return installStopped([error.reason]);
        throw error;
      }
      if (zip.opened.report.kind !== 'release') return installStopped([message('release.not-a-release', { zip: zip.opened.report.zipName })]);
    }
    const { report } = zip.opened;
    if (!report.ok) return installStopped([message('release.cannot-install', { zip: report.zipName, problems: report.problems.filter((problem) => problem.severity === 'blocking').map((problem) => problem.message) })]);
    signal.throwIfAborted();
    const job: WriteJob = {
      zipPath: zip.zipPath,
      device: target.device,
      deviceSize: target.size!,
      description: target.description,
      guid: target.guid,
      uefi: request.uefi,
      newServer: true,
      ...(request.serverName === undefined ? {} : { serverName: request.serverName }),
      ...(request.network === undefined ? {} : { network: request.network }),
      ...(request.wifi === undefined ? {} : { wifi: request.wifi }),
      ...(zip.passphrase === undefined ? {} : { passphrase: zip.passphrase }),
    };
    return options.runner.run(job, onProgress, signal);
  }
}

/** The release's zip in the cache: downloaded (the 'downloading' phase), or the cached copy hashed again; throws DownloadError when it cannot be had. */
export async function downloadedRelease(options: JobContext['options'], release: Release, onProgress: (progress: JobProgress) => void, signal: AbortSignal): Promise<string> {
  onProgress({ phase: 'downloading', bytesDone: 0, bytesTotal: release.downloadBytes ?? 0 });
  const downloaded = await downloadRelease(release, {
    cacheDir: cacheOf(options),
    signal,
    proxy: options.releases?.resolveProxy,
    ...options.releases?.retry,
    onProgress: (bytesDone, total) => onProgress({ phase: 'downloading', bytesDone, bytesTotal: total ?? release.downloadBytes ?? bytesDone }),
  });
  options.log.info(`${release.fileName}: ${downloaded.fromCache ? 'the cached copy, hashed again' : `downloaded, ${downloaded.received} bytes in ${downloaded.attempts} attempts`}; SHA-256 ${downloaded.verified ? 'matches the list' : 'not given by the list'}`);
  return downloaded.path;
}

function cacheOf(options: JobContext['options']): string {
  return options.releases?.cache ?? cacheDirectory();
}

/** What the new server's owner does next, from the settings and the release. */
function newServerChecklist(source: InstallSource, request: InstallRequest): readonly ChecklistSection[] {
  const report = source.kind === 'zip' ? source.zip.opened.report : null;
  return buildNewServerChecklist({
    serverName: request.serverName ?? report?.serverName ?? DEFAULT_SERVER_NAME,
    address: request.network && !request.network.dhcp ? request.network.address : null,
    osVersion: source.kind === 'listed' ? source.release.version : report!.osVersion,
    wifiNetwork: request.wifi?.ssid ?? null,
  });
}

/** An install that stopped before the drive was touched (the download failed, or the zip is no release); each sentence says nothing was written. */
function installStopped(sentences: readonly AnyMessage[], options: { cancelled?: boolean } = {}): WriteResult {
  return {
    result: options.cancelled ? 'cancelled' : 'failed',
    phase: 'downloading',
    sentences,
    detail: null,
    advice: options.cancelled ? [] : [message('release.try-zip')],
    differences: [],
  };
}
