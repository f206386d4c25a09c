// How a write ends once the drive has been read back: the verify figures of a good drive, or the
// differences that make it one not to trust. Pure.
import type { VerificationSummary, WriteResult } from '../../shared/ipc.js';
import type { VerifyReport } from '../verify/verify-image.js';
import { verifyFailed } from './failure.js';

/** What the runner knows of the write besides the report. */
export type WriteFacts = Omit<VerificationSummary, 'files' | 'folders' | 'bytesChecked' | 'label'>;

export function verifiedResult(report: VerifyReport, facts: WriteFacts): WriteResult {
  if (!report.ok) return verifyFailed(report.differences.map((difference) => difference.message));
  return { result: 'success', verification: { files: report.files, folders: report.directories, bytesChecked: report.bytesChecked, label: report.label, ...facts } };
}
