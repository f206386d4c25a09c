// Boots a disk image under QEMU (no KVM here: TCG) with SeaBIOS or OVMF and reads the test
// release's verdict from the serial console. A boot that goes wrong often just hangs, so every
// boot has a deadline and QEMU is killed at it.
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOOT_MARKER } from '../fixtures/test-release.js';

export type Firmware = 'bios' | 'uefi';

export interface BootOptions {
  firmware: Firmware;
  /** QEMU is killed after this long without having powered off. */
  timeoutMs: number;
}

export interface BootResult {
  /** ok/fail: the verdict line; fail also when QEMU stopped without one (e.g. a kernel panic). */
  result: 'ok' | 'fail' | 'timeout';
  /** The verdict line from the marker on, '' when there was none. */
  line: string;
  serialLog: string;
  /** For reports only. */
  durationMs: number;
}

const OVMF_CODE = '/usr/share/OVMF/OVMF_CODE_4M.fd';
const OVMF_VARS = '/usr/share/OVMF/OVMF_VARS_4M.fd';

export async function bootImage(imagePath: string, options: BootOptions): Promise<BootResult> {
  const dir = await mkdtemp(join(tmpdir(), 'boot-'));
  try {
    const serialLog = join(dir, 'serial.log');
    const args = [
      ...(await firmwareArgs(options.firmware, dir)),
      '-m', '512',
      '-drive', `file=${imagePath},format=raw,if=virtio,snapshot=on`,
      '-display', 'none',
      '-monitor', 'none',
      '-serial', `file:${serialLog}`,
      '-nic', 'none',
      '-no-reboot',
    ];
    const started = performance.now();
    const timedOut = await runUntilExit('qemu-system-x86_64', args, options.timeoutMs);
    const durationMs = performance.now() - started;
    const log = await readFile(serialLog, 'utf8').catch(() => '');
    const line = verdictLine(log);
    const result = line.startsWith(`${BOOT_MARKER} OK`) ? 'ok' : !line && timedOut ? 'timeout' : 'fail';
    return { result, line, serialLog: log, durationMs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function firmwareArgs(firmware: Firmware, dir: string): Promise<string[]> {
  if (firmware === 'bios') return ['-machine', 'pc,accel=tcg'];
  // OVMF writes its variables: each boot gets its own copy of the template.
  const vars = join(dir, 'OVMF_VARS.fd');
  await copyFile(OVMF_VARS, vars);
  return [
    '-machine', 'q35,accel=tcg',
    '-drive', `if=pflash,format=raw,unit=0,readonly=on,file=${OVMF_CODE}`,
    '-drive', `if=pflash,format=raw,unit=1,file=${vars}`,
  ];
}

/** Resolves true when the deadline killed the process, false when it exited by itself. */
function runUntilExit(command: string, args: string[], timeoutMs: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let timedOut = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const deadline = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(deadline);
      reject(new Error(`${command} could not start: ${error.message}`, { cause: error }));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(deadline);
      if (!timedOut && code !== 0) reject(new Error(`${command} stopped (${signal ?? `exit ${code}`}): ${stderr.trim()}`));
      else resolve(timedOut);
    });
  });
}

function verdictLine(log: string): string {
  const line = log.split(/\r?\n/).find((candidate) => candidate.includes(BOOT_MARKER));
  return line ? line.slice(line.indexOf(BOOT_MARKER)).trim() : '';
}
