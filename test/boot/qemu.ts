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
  /**
   * ok/fail: the verdict line; fail also when QEMU stopped without one (e.g. a kernel panic).
   * no-boot: the firmware found nothing to boot (OVMF fell through to its built-in shell).
   */
  result: 'ok' | 'fail' | 'no-boot' | 'timeout';
  /** The verdict line from the marker on, '' when there was none. */
  line: string;
  serialLog: string;
  /** For reports only. */
  durationMs: number;
}

const OVMF_CODE = '/usr/share/OVMF/OVMF_CODE_4M.fd';
const OVMF_VARS = '/usr/share/OVMF/OVMF_VARS_4M.fd';
// OVMF tries every boot option, and only when none starts runs the shell that is built into it.
const OVMF_NOTHING_TO_BOOT = 'UEFI Interactive Shell';
const LOG_POLL_MS = 500;

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
    const readLog = (): Promise<string> => readFile(serialLog, 'utf8').catch(() => '');
    const nothingToBoot = async (): Promise<boolean> => (await readLog()).includes(OVMF_NOTHING_TO_BOOT);
    const ending = await runUntilExit('qemu-system-x86_64', args, options.timeoutMs, nothingToBoot);
    const durationMs = performance.now() - started;
    const log = await readLog();
    const line = verdictLine(log);
    const result = line.startsWith(`${BOOT_MARKER} OK`) ? 'ok' : line ? 'fail' : ending === 'exited' ? 'fail' : ending;
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

/** How the run ended: by itself, killed at the deadline, or killed because `stopEarly` said so. */
function runUntilExit(command: string, args: string[], timeoutMs: number, stopEarly: () => Promise<boolean>): Promise<'exited' | 'timeout' | 'no-boot'> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let killedFor: 'timeout' | 'no-boot' | undefined;
    const kill = (reason: 'timeout' | 'no-boot'): void => {
      killedFor ??= reason;
      child.kill('SIGKILL');
    };
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const deadline = setTimeout(() => kill('timeout'), timeoutMs);
    const poll = setInterval(() => void stopEarly().then((stop) => stop && kill('no-boot')), LOG_POLL_MS);
    const settle = (): void => {
      clearTimeout(deadline);
      clearInterval(poll);
    };
    child.on('error', (error) => {
      settle();
      reject(new Error(`${command} could not start: ${error.message}`, { cause: error }));
    });
    child.on('exit', (code, signal) => {
      settle();
      if (!killedFor && code !== 0) reject(new Error(`${command} stopped (${signal ?? `exit ${code}`}): ${stderr.trim()}`));
      else resolve(killedFor ?? 'exited');
    });
  });
}

function verdictLine(log: string): string {
  const line = log.split(/\r?\n/).find((candidate) => candidate.includes(BOOT_MARKER));
  return line ? line.slice(line.indexOf(BOOT_MARKER)).trim() : '';
}
