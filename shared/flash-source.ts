// An old Unraid flash as a source for the app's copy and back-up jobs: what the drive list knows of
// it, and how a back-up ended. Plain data, sent from main to the renderer.
import { message, type AnyMessage } from './message.js';

/** What the drive list knows about a drive as an Unraid flash; null on a row: nothing known yet. */
export type ListedFlash =
  /** Read (from the folder it is mounted on, or from the drive itself): an Unraid flash. */
  | { readonly state: 'unraid'; readonly server: string | null; readonly version: string | null }
  /** A partition labelled UNRAID, not read yet: reading it needs administrator rights. */
  | { readonly state: 'labelled' }
  /** Read, and it is not an Unraid flash, for these reasons. */
  | { readonly state: 'not-unraid'; readonly reasons: readonly AnyMessage[] }
  /** It could not be read. */
  | { readonly state: 'unreadable'; readonly message: AnyMessage };

/** A file or folder a back-up did not store, and why (a message: the wizard words it in the user's language). */
export interface LeftOut {
  readonly path: string;
  readonly reason: AnyMessage;
}

/**
 * A file the source could not give, and why: the reader's reason (a message, a broken cluster chain
 * say), or the system's own account of the read error, shown apart as a detail.
 */
export type Unread = { readonly path: string; readonly reason: AnyMessage } | { readonly path: string; readonly detail: string };

/** "path: why." as a message: the reader's reason worded, or the system's words as the detail. */
export function unreadMessage(unread: Unread): AnyMessage {
  return 'reason' in unread ? message('fat.at-path', { path: unread.path, reason: unread.reason }) : message('difference.unread', unread);
}

/** The path of a file an unreadMessage says could not be read, or undefined for any other message. */
export function unreadPathOf(said: AnyMessage): string | undefined {
  return said.code === 'fat.at-path' || said.code === 'difference.unread' ? String(said.params['path']) : undefined;
}

/** What a back-up zip holds, and what it does not. */
export interface BackupResult {
  readonly files: number;
  readonly folders: number;
  /** File bytes stored (before compression). */
  readonly bytes: number;
  readonly zipBytes: number;
  /** Left out as Unraid's own backup does (previous/, housekeeping folders, earlier backups): the top-most item of each left-out tree. */
  readonly leftOut: readonly LeftOut[];
  /** Left out for "without secrets": the password files. */
  readonly secretsLeftOut: readonly string[];
  /** WireGuard files stored with their keys blanked. */
  readonly keysBlanked: readonly string[];
  /** Files the source could not give, and why: not in the zip, named in its comment. */
  readonly missing: readonly Unread[];
}

/** How a back-up of a flash into a zip ended. */
export type BackupOutcome =
  | (BackupResult & {
      readonly jobId: string;
      readonly result: 'success';
      /** Where the zip was saved. */
      readonly savedAs: string;
      readonly withoutSecrets: boolean;
      readonly seconds: number;
    })
  | { readonly jobId: string; readonly result: 'failed' | 'cancelled'; readonly message: AnyMessage };
