// An ArchiveError (the zip, or one entry's bytes, could not be read) as a problem in the report.
import { makeProblem, type BackupProblem, type ProblemCode } from '../../shared/problems.js';
import type { ArchiveError, ArchiveErrorCode, EntryConflict } from './archive.js';

const PROBLEM_FOR: Record<ArchiveErrorCode, ProblemCode> = {
  'cannot-open': 'cannot-open',
  'empty-file': 'empty-file',
  'not-a-zip': 'not-a-zip',
  'truncated': 'truncated',
  'corrupt-zip': 'corrupt-zip',
  'too-many-entries': 'too-many-entries',
  'entry-size-mismatch': 'size-mismatch',
  'entry-crc-mismatch': 'crc-mismatch',
  'entry-unreadable': 'entry-unreadable',
  'entry-overlap': 'overlapping-entries',
  'local-header-mismatch': 'local-header-mismatch',
  'passphrase-needed': 'passphrase-needed',
  'wrong-passphrase': 'wrong-passphrase',
  'entry-auth-mismatch': 'auth-mismatch',
};

/** zipName names the zip in sentences about the whole file. */
export function archiveProblem(error: ArchiveError, zipName: string): BackupProblem {
  return makeProblem(PROBLEM_FOR[error.code], error.path ?? null, error.detail, error.path ?? zipName);
}

/** An entry the zip's layout makes untrustworthy, as the problem naming it. */
export function conflictProblem({ entry, code, detail }: EntryConflict): BackupProblem {
  return makeProblem(PROBLEM_FOR[code], entry.name, detail);
}
