// How the unprivileged side and the privileged writer talk over the writer's stdio: no socket, no
// port. The writer's command line carries the SHA-256 of a one-time token; the first line on its
// stdin must carry the token itself and the job. Progress and the outcome come back on stdout as
// JSON lines. Closing the writer's stdin cancels the job.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ProbeResult } from '../../shared/probe.js';
import type { JobOutcome, JobProgress } from './run-job.js';

export const TOKEN_HASH_FLAG = '--token-sha256';

export type WriterEvent =
  | { readonly type: 'progress'; readonly progress: JobProgress }
  /** The capacity probe's verdict, sent as soon as it is known. */
  | { readonly type: 'probe'; readonly probe: ProbeResult }
  | { readonly type: 'outcome'; readonly outcome: JobOutcome }
  /** The writer could not take the job at all (wrong token, malformed job). */
  | { readonly type: 'rejected'; readonly message: string };

export interface OneTimeToken {
  readonly token: string;
  readonly hash: string;
}

export function newToken(): OneTimeToken {
  const token = randomBytes(32).toString('hex');
  return { token, hash: sha256(token) };
}

export function tokenMatches(token: unknown, expectedHash: string): boolean {
  if (typeof token !== 'string') return false;
  const given = Buffer.from(sha256(token), 'hex');
  const expected = Buffer.from(expectedHash, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function encodeEvent(event: WriterEvent): string {
  return `${JSON.stringify(event)}\n`;
}

/** One line of the writer's stdout; undefined for anything that is not an event (a stray warning). */
export function parseEvent(line: string): WriterEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const type = (value as { type?: unknown }).type;
  return type === 'progress' || type === 'probe' || type === 'outcome' || type === 'rejected' ? (value as WriterEvent) : undefined;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
