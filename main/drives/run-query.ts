// Runs one of the operating system's own query tools (udevadm, ioreg, PowerShell) and turns every way
// it can fail into a sentence, so a missing or hung tool costs a drive its GUID, never the listing.
import { execFile, type ExecFileException } from 'node:child_process';

export type QueryResult = { readonly ok: true; readonly stdout: string } | { readonly ok: false; readonly reason: string };

const TIMEOUT_MS = 20_000;
// ioreg's full USB tree runs to a few MB on a busy Mac.
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

export function runQuery(command: string, args: readonly string[]): Promise<QueryResult> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: TIMEOUT_MS, maxBuffer: MAX_OUTPUT_BYTES, windowsHide: true }, (error, stdout, stderr) => {
      if (!error) {
        resolve({ ok: true, stdout });
        return;
      }
      resolve({ ok: false, reason: failureReason(command, error, stderr) });
    });
  });
}

function failureReason(command: string, error: ExecFileException, stderr: string): string {
  if (error.code === 'ENOENT') return `${command} is not installed`;
  if (error.killed) return `${command} did not answer within ${TIMEOUT_MS / 1000} s`;
  const detail = stderr.trim().split('\n')[0] || error.message;
  return `${command} failed: ${detail}`;
}
