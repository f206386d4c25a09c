// Every problem the backup reader can report: a stable code (scripts and the UI rely on it), whether
// it stops the restore, and its message (worded in shared/engine-messages.ts under problem.<code>).
import { message, type AnyMessage, type MessageCode, type ParamText } from './message.js';

/**
 * blocking: the backup cannot be restored as it is.
 * warning: the restore works, but the user should know (e.g. one boot mode is not possible).
 */
export type ProblemSeverity = 'blocking' | 'warning';

export interface BackupProblem {
  readonly code: ProblemCode;
  readonly severity: ProblemSeverity;
  /** What the user reads: problem.<code> with the subject (the entry or the zip) and the detail. */
  readonly message: AnyMessage;
  /** The entry's name as the zip stores it (or the expected name of a missing one); null for the zip as a whole. */
  readonly path: string | null;
}

const SEVERITY = {
  'cannot-open': 'blocking',
  'empty-file': 'blocking',
  'not-a-zip': 'blocking',
  'truncated': 'blocking',
  'corrupt-zip': 'blocking',
  'too-many-entries': 'blocking',
  'empty-zip': 'blocking',
  'not-unraid-backup': 'blocking',
  'missing-required-file': 'blocking',
  'backup-too-large': 'blocking',
  'path-traversal': 'blocking',
  'absolute-path': 'blocking',
  'backslash-path': 'blocking',
  'symlink': 'blocking',
  'special-entry': 'blocking',
  'encrypted-entry': 'blocking',
  'unsupported-compression': 'blocking',
  'duplicate-name': 'blocking',
  'fat-name-collision': 'blocking',
  'invalid-fat-name': 'blocking',
  'file-too-large': 'blocking',
  'overlapping-entries': 'blocking',
  'more-conflicting-entries': 'blocking',
  'local-header-mismatch': 'blocking',
  'impossible-size': 'blocking',
  'crc-mismatch': 'blocking',
  'size-mismatch': 'blocking',
  'entry-unreadable': 'blocking',
  'checksum-mismatch': 'blocking',
  'not-bootable': 'blocking',
  'no-legacy-boot': 'warning',
  'uefi-disabled': 'warning',
  'no-uefi': 'warning',
  'internal-boot-backup': 'blocking',
  'boot-file-missing': 'blocking',
  'checksum-not-checked': 'warning',
  'bad-boot-label': 'blocking',
  'boot-label-mismatch': 'warning',
  'boot-uuid-unmatchable': 'blocking',
  'boot-uuid-mismatch': 'warning',
  'passphrase-needed': 'blocking',
  'wrong-passphrase': 'blocking',
  'auth-mismatch': 'blocking',
  'zipcrypto-entry': 'blocking',
  'plain-entry-in-encrypted-zip': 'blocking',
} satisfies Record<string, ProblemSeverity>;

export type ProblemCode = keyof typeof SEVERITY;

export const PROBLEM_CODES = Object.keys(SEVERITY) as ProblemCode[];

/** Problems whose detail may be empty, with the wording that has it. */
const DETAILED: Partial<Record<ProblemCode, 'problem.duplicate-name-detailed' | 'problem.size-mismatch-detailed' | 'problem.entry-unreadable-detailed'>> = {
  'duplicate-name': 'problem.duplicate-name-detailed',
  'size-mismatch': 'problem.size-mismatch-detailed',
  'entry-unreadable': 'problem.entry-unreadable-detailed',
};

/**
 * What a problem's detail must be, where it is not a name from the zip or the system's own text: a
 * message (worded in the user's language), or a number the wording formats (a size, a count).
 */
interface TypedDetails {
  'invalid-fat-name': AnyMessage;
  'file-too-large': number;
  'backup-too-large': number;
  'too-many-entries': number;
  'more-conflicting-entries': number;
  'impossible-size': AnyMessage;
  'local-header-mismatch': AnyMessage;
  'unsupported-compression': AnyMessage;
  'boot-uuid-mismatch': AnyMessage;
  'internal-boot-backup': AnyMessage;
  'not-bootable': AnyMessage;
  'no-legacy-boot': AnyMessage;
  'boot-label-mismatch': AnyMessage;
}

/** The detail a problem of this code takes. */
export type ProblemDetail<C extends ProblemCode = ProblemCode> = C extends keyof TypedDetails ? TypedDetails[C] : ParamText;

/**
 * A problem with its message. path: the entry name, null for the zip as a whole (then subject names
 * the zip). A number detail is also the count the wording's plural forms agree with.
 */
export function makeProblem<C extends ProblemCode>(code: C, path: string | null, detail: ProblemDetail<C> | '' = '', subject: ParamText = path ?? message('problem.the-zip')): BackupProblem {
  const wording = (detail !== '' ? DETAILED[code] : undefined) ?? ((`problem.${code}` as const) satisfies MessageCode);
  // Every problem's wording names at most its subject, its detail and its count; the others are ignored.
  const params = { subject, detail, ...(typeof detail === 'number' && { count: detail }) };
  return { code, severity: SEVERITY[code], message: { code: wording, params }, path };
}

export function isBlocking(problem: BackupProblem): boolean {
  return problem.severity === 'blocking';
}
