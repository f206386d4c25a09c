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

/** A problem with its message. path: the entry name, null for the zip as a whole (then subject names the zip). */
export function makeProblem(code: ProblemCode, path: string | null, detail: ParamText = '', subject: ParamText = path ?? message('problem.the-zip')): BackupProblem {
  const wording = (detail !== '' ? DETAILED[code] : undefined) ?? ((`problem.${code}` as const) satisfies MessageCode);
  // Every problem's wording names at most its subject and its detail; the others are ignored.
  const params = { subject, detail };
  return { code, severity: SEVERITY[code], message: { code: wording, params }, path };
}

export function isBlocking(problem: BackupProblem): boolean {
  return problem.severity === 'blocking';
}
