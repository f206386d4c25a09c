// How the unprivileged side and the privileged writer talk over the writer's stdio (or, under UAC,
// a local pipe): no port. The writer's command line carries the SHA-256 of a one-time token. The
// writer speaks first, with that hash, so the app knows the process it started is the one that
// answered before it sends anything; the app's first line then carries the token itself and the
// job. Progress, a back-up's zip and the outcome come back as JSON lines. Closing the writer's
// input cancels the job.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ProbeResult } from '../../shared/probe.js';
import type { JobOutcome, JobProgress } from './run-job.js';

export const TOKEN_HASH_FLAG = '--token-sha256';

export type WriterEvent =
  /** The writer's first line: the hash on its command line, which only the process that was started knows. */
  | { readonly type: 'hello'; readonly tokenHash: string }
  | { readonly type: 'progress'; readonly progress: JobProgress }
  /** A back-up's zip, which the app saves: a pass begins, is kept, or is dropped (zip-channel.ts). */
  | { readonly type: 'zip'; readonly action: 'begin' | 'keep' | 'discard' }
  /** The zip's next bytes: this many raw bytes follow the line (frames.ts). */
  | { readonly type: 'zip-bytes'; readonly length: number }
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
  const { type, length } = value as { type?: unknown; length?: unknown };
  if (type === 'zip-bytes' && !(Number.isSafeInteger(length) && (length as number) >= 0)) return undefined;
  return EVENT_TYPES.has(type as string) ? (value as WriterEvent) : undefined;
}

const EVENT_TYPES = new Set<string>(['hello', 'progress', 'zip', 'zip-bytes', 'probe', 'outcome', 'rejected']);

/** Whether a hello names the hash the app put on the writer's command line. */
export function helloProves(event: WriterEvent | undefined, expectedHash: string): boolean {
  if (event?.type !== 'hello' || typeof event.tokenHash !== 'string') return false;
  const given = Buffer.from(event.tokenHash);
  const expected = Buffer.from(expectedHash);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
