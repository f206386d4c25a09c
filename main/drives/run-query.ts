// Runs one of the operating system's own query tools (udevadm, ioreg, PowerShell) by its full path
// (system-tools.ts: never looked up on PATH) and turns every way it can fail into a sentence, so a
// missing or hung tool costs a drive its GUID, never the listing.
import { execFile, type ExecFileException } from 'node:child_process';
import { SYSTEM_DIRECTORIES, systemTool } from './system-tools.js';

export type QueryResult = { readonly ok: true; readonly stdout: string } | { readonly ok: false; readonly reason: string };

const TIMEOUT_MS = 20_000;
// ioreg's full USB tree runs to a few MB on a busy Mac.
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/** Runs the program at `path` (a full path); `name` is what the failures call it. */
export function runQuery(path: string, args: readonly string[], name: string): Promise<QueryResult> {
  return new Promise((resolve) => {
    execFile(path, args, { timeout: TIMEOUT_MS, maxBuffer: MAX_OUTPUT_BYTES, windowsHide: true }, (error, stdout, stderr) => {
      if (!error) {
        resolve({ ok: true, stdout });
        return;
      }
      resolve({ ok: false, reason: failureReason(name, error, stderr) });
    });
  });
}

/** Linux and macOS: runs a system tool found in the system's own folders. */
export async function runSystemTool(name: string, args: readonly string[], directories: readonly string[] = SYSTEM_DIRECTORIES): Promise<QueryResult> {
  const path = systemTool(name, directories);
  return path === undefined ? { ok: false, reason: notInstalled(name) } : runQuery(path, args, name);
}

function failureReason(name: string, error: ExecFileException, stderr: string): string {
  if (error.code === 'ENOENT') return notInstalled(name);
  if (error.killed) return `${name} did not answer within ${TIMEOUT_MS / 1000} s`;
  const detail = stderr.trim().split('\n')[0] || error.message;
  return `${name} failed: ${detail}`;
}

function notInstalled(name: string): string {
  return `${name} is not installed`;
}
