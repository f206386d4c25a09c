// What the service is given by its front door (Electron's main process or the browser harness):
// where drives come from, who writes and reads them, the dialogs, the event channel and the log.
import type { EventChannel, EventOf } from '../../shared/ipc.js';
import type { PathTracker } from '../backup-maker/zip-destination.js';
import type { ProxyResolver } from '../releases/proxy.js';
import type { DriveProber } from './drive-prober.js';
import type { DriveSource } from './drive-source.js';
import type { FlashReader } from './flash-reader.js';
import type { Logger } from './log.js';
import type { WriteRunner } from './write-runner.js';

export type EmitEvent = <E extends EventChannel>(channel: E, payload: EventOf<E>) => void;

export interface ServiceOptions {
  readonly drives: DriveSource;
  readonly runner: WriteRunner;
  /** Runs the capacity probe for drive:check. */
  readonly prober: DriveProber;
  /** Reads old flashes: their facts, and back-ups (and a copy's staged zip) of them. */
  readonly flashReader: FlashReader;
  /** The save dialog for a back-up, offering `defaultName`; the chosen path, or null when the user cancels. */
  readonly chooseSaveFile: (defaultName: string) => Promise<string | null>;
  /** Where licence checks send the GUID; Lime Technology's service when omitted (FLASH_CREATOR_GUID_SERVICE's, run from the sources). */
  readonly licenceService?: string;
  readonly emit: EmitEvent;
  readonly log: Logger;
  /** Seconds on a monotonic clock; progress speed is measured with it. */
  readonly clock?: () => number;
  /** At most one progress event per this many seconds (phase changes are always sent). */
  readonly progressInterval?: number;
  /** Told of a copy's staging folder while it holds the old flash's files (removed at the next start after a crash). */
  readonly leftovers?: PathTracker;
  /** Where the install job finds releases; each omitted part has its default. */
  readonly releases?: ReleaseOptions;
}

export interface ReleaseOptions {
  /** The release list's address when the renderer names none; FLASH_CREATOR_RELEASES's, else Unraid's, when omitted. */
  readonly feed?: string;
  /** The download cache; the system's cache folder (FLASH_CREATOR_CACHE overrides) when omitted. */
  readonly cache?: string;
  /** The system's proxy for an address (Electron's session.resolveProxy in the app); direct when omitted. */
  readonly resolveProxy?: ProxyResolver;
  /** Attempts and the first wait between them, for the list and the download; the engine's defaults when omitted. */
  readonly retry?: { readonly attempts?: number; readonly backoffMs?: number };
}
