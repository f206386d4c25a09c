// On whose rights a job runs. Run in process by root (the CLI started as root), the job's choices are
// root's own. Run by a writer that pkexec, sudo or UAC raised for a user, the job is that user's
// request: whoever started the writer wrote it, so nothing in it gives rights. --unsafe is refused,
// and the backup zip is opened with the user's rights, who then restores only what they could read.
import { openSync } from 'node:fs';
import { fileOnDescriptor, type ZipFileOpener } from '../backup/file-reader.js';
import { asCaller, type Caller } from '../system/caller.js';
import { message, type AnyMessage } from '../../shared/message.js';
import type { WriterJob } from './job.js';

export type Authority =
  | { readonly kind: 'root' }
  /** caller: the user the writer was raised for, as pkexec or sudo named them (writer/main.ts); undefined on Windows, which names none. */
  | { readonly kind: 'elevated'; readonly caller: Caller | undefined };

export const ROOT_ITSELF: Authority = { kind: 'root' };

/** Why the job is not taken as it stands; empty when it may run. Pure. */
export function requestRefusals(job: WriterJob, authority: Authority): AnyMessage[] {
  if (authority.kind === 'root') return [];
  return 'unsafe' in job && job.unsafe ? [message('writer.unsafe-needs-root')] : [];
}

/**
 * How the backup zip is opened: with the caller's rights when the writer works for one. Windows
 * names no user (Node cannot take on a token): there the zip is opened with the rights UAC gave,
 * which are that same user's when an administrator approves.
 */
export function zipOpener(authority: Authority): ZipFileOpener | undefined {
  if (authority.kind === 'root' || authority.caller === undefined) return undefined;
  const { caller } = authority;
  return async (path) => fileOnDescriptor(asCaller(caller, () => openSync(path, 'r')));
}
