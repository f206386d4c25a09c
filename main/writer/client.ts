// Runs a writer job with the privileges it needs: in this process when it already has them (root),
// otherwise in a writer process started through the system's elevation (launch.ts), over stdio.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix, resolve, win32 } from 'node:path';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { message, textMessage } from '../../shared/message.js';
import type { BackupDestination } from '../backup-maker/zip-destination.js';
import type { ProbeResult } from '../../shared/probe.js';
import type { WriterJob } from './job.js';
import { WRITER_ARGUMENT } from './entry-argument.js';
import { installTrust, untrustedInstall } from './install-trust.js';
import { elevationCommand, elevationFailure, launcherMissing, LINUX_LAUNCHER, MACOS_ASKPASS_SCRIPT, type LaunchCommand, type WriterInvocation } from './launch.js';
import { helloProves, newToken, parseEvent, TOKEN_HASH_FLAG } from './protocol.js';
import { ZipReceiver } from './zip-channel.js';
import { readFrames } from './frames.js';
import { runJob, type JobOutcome, type JobProgress, type JobSeams } from './run-job.js';

export function isPrivileged(): boolean {
  return process.getuid?.() === 0;
}

export async function runWithPrivileges(job: WriterJob, onProgress: (progress: JobProgress) => void, seams: JobSeams = {}): Promise<JobOutcome> {
  if (isPrivileged()) return runJob(job, onProgress, seams);
  const { token, hash } = newToken();
  const writer = writerInvocation(hash);
  // Only code no user but an administrator can change is given the rights.
  const trust = installTrust(writer.files);
  if (!trust.trusted) return { status: 'failed', message: untrustedInstall(trust.reason), driveState: 'untouched' };
  const helperDir = await mkdtemp(join(tmpdir(), 'flash-creator-'));
  try {
    const askpass = join(helperDir, 'askpass');
    // Windows: a named pipe only this job knows; elsewhere stdio carries the job.
    const pipe = process.platform === 'win32' ? `\\\\.\\pipe\\flash-creator-${randomBytes(16).toString('hex')}` : undefined;
    if (process.platform === 'darwin') {
      await writeFile(askpass, MACOS_ASKPASS_SCRIPT);
      await chmod(askpass, 0o700);
    }
    const command = elevationCommand(process.platform, writer, { askpass, pipe, systemRoot: process.env['SystemRoot'] });
    const options = { signal: seams.signal, pipe, onProbe: seams.onProbe, zipDestination: seams.zipDestination, tokenHash: hash };
    return await runWriterProcess(command, `${JSON.stringify({ token, job })}\n`, onProgress, options);
  } finally {
    await rm(helperDir, { recursive: true, force: true });
  }
}

/** What writerInvocation reads of this process; a parameter, so the desktop app's case can be shown under Node. */
export interface WriterRuntime {
  readonly electron: boolean;
  readonly platform: NodeJS.Platform;
  readonly execPath: string;
  /** Electron's resources folder (app.asar, the Linux launcher). */
  readonly resourcesPath: string;
  /** Electron started unpackaged (`npm start`): the app's folder, its first argument. */
  readonly appFolder: string | undefined;
}

export function thisRuntime(): WriterRuntime {
  const electron = process.versions.electron !== undefined;
  const appFolder = electron && process.defaultApp ? resolve(process.argv[1] ?? '.') : undefined;
  return { electron, platform: process.platform, execPath: process.execPath, resourcesPath: process.resourcesPath, appFolder };
}

/**
 * This installation's writer under this runtime. In the desktop app: Electron's own binary, whose
 * entry point (main/app/main.ts) runs the writer when given WRITER_ARGUMENT, since the installed
 * app ships no `node` and UAC carries no variable such as ELECTRON_RUN_AS_NODE; the Linux app
 * through its launcher, the program its polkit action names. Elsewhere Node: the writer's sources
 * through tsx, or the built CLI's writer script.
 */
export function writerInvocation(tokenHash: string, runtime: WriterRuntime = thisRuntime()): WriterInvocation {
  const tail = [TOKEN_HASH_FLAG, tokenHash];
  const { execPath, resourcesPath, appFolder } = runtime;
  if (runtime.electron) {
    const archive = (runtime.platform === 'win32' ? win32 : posix).join(resourcesPath, 'app.asar');
    const launcher = runtime.platform === 'linux' ? linuxLauncher(resourcesPath) : undefined;
    if (launcher) return { node: launcher, args: tail, files: [launcher, execPath, archive] };
    if (appFolder === undefined) return { node: execPath, args: [WRITER_ARGUMENT, ...tail], files: [execPath, archive] };
    return { node: execPath, args: [appFolder, WRITER_ARGUMENT, ...tail], files: [execPath, appFolder] };
  }
  const fromSources = import.meta.url.endsWith('.ts');
  const script = fileURLToPath(new URL(fromSources ? './main.ts' : './main.js', import.meta.url));
  return { node: execPath, args: [...(fromSources ? ['--import', 'tsx'] : []), script, ...tail], files: [execPath, script] };
}

/** The packaged Linux app's writer launcher (build/linux/flash-creator-writer), when it is installed. */
export function linuxLauncher(resourcesPath: string): string | undefined {
  const launcher = join(resourcesPath, LINUX_LAUNCHER);
  return existsSync(launcher) ? launcher : undefined;
}

export interface WriterProcessOptions {
  readonly signal?: AbortSignal;
  /**
   * Talk over this local pipe (a named pipe on Windows, a Unix socket elsewhere) instead of the
   * writer's stdio, for elevations that cannot hand stdio over (UAC). A connection is taken only
   * once it proves to be the writer that was started (its hello); others are closed.
   */
  readonly pipe?: string;
  /** The hash on the writer's command line, which its hello must name before the job is sent. */
  readonly tokenHash: string;
  /** Told the capacity probe's verdict when the writer sends it. */
  readonly onProbe?: (probe: ProbeResult) => void;
  /** Where a back-up job's zip is saved, with this process's rights. */
  readonly zipDestination?: BackupDestination;
}

/** How long a connection to the pipe has to say its hello. */
const HELLO_TIMEOUT_MS = 10_000;

/** Starts the writer, sends the request line once it has proved itself, relays progress and a back-up's zip, and returns the outcome it reports. */
export function runWriterProcess(command: LaunchCommand, request: string, onProgress: (progress: JobProgress) => void, options: WriterProcessOptions): Promise<JobOutcome> {
  return new Promise((resolve) => {
    let outcome: JobOutcome | undefined;
    let stderr = '';
    let cancel: (() => void) | undefined;
    const channelClosed = options.pipe === undefined ? undefined : acceptProven(options.pipe, options.tokenHash, talk);
    const child = spawn(command.command, command.args, { env: { ...process.env, ...command.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const fail = (text: string, driveState: 'untouched' | 'unknown'): void => resolve({ status: 'failed', message: textMessage(text), driveState });
    child.on('error', (error: NodeJS.ErrnoException) => fail(launcherMissing(command.command, error), 'untouched'));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.on('error', () => undefined); // the writer may exit before reading (elevation refused)
    const zip = options.zipDestination ? new ZipReceiver(options.zipDestination, (behind) => (behind ? input?.pause() : input?.resume())) : undefined;
    let input: Readable | undefined;
    if (!channelClosed) talk(child.stdout, child.stdin, true);
    options.signal?.addEventListener('abort', () => cancel?.(), { once: true });

    /** The conversation, from the writer's hello on (a pipe's connection has proved itself already). */
    function talk(from: Readable, to: Writable, awaitHello: boolean): void {
      input = from;
      let proven = !awaitHello;
      const start = (): void => {
        proven = true;
        to.write(request);
        cancel = () => to.end();
        if (options.signal?.aborted) to.end();
      };
      if (proven) start();
      readFrames(from, ({ event, bytes }) => {
        if (!proven) return void (helloProves(event, options.tokenHash) && start());
        if (event.type === 'progress') onProgress(event.progress);
        if (event.type === 'probe') options.onProbe?.(event.probe);
        if (event.type === 'outcome') outcome = event.outcome;
        if (event.type === 'rejected') outcome = { status: 'failed', message: textMessage(event.message), driveState: 'untouched' };
        zip?.take(event, bytes);
        // The app's disk refused the zip: the back-up stops (its outcome is the failure below).
        if (zip?.failure) cancel?.();
      });
      // A pipe's connection was paused while its hello was read.
      from.resume();
    }

    child.on('close', async (code) => {
      await channelClosed?.();
      await zip?.finish().catch((error: unknown) => zip.failure ??= error instanceof Error ? error : new Error(String(error)));
      if (zip?.failure) return resolve({ status: 'failed', message: message('writer.zip-not-saved', { detail: zip.failure.message }), driveState: 'untouched' });
      if (outcome) return resolve(outcome);
      const elevation = elevationFailure(process.platform, code, stderr);
      if (elevation) return fail(elevation, 'untouched');
      fail(`The writer stopped without reporting (exit ${code ?? 'by signal'}): ${stderr.trim() || 'no message'}. The drive may be incomplete: write it again.`, 'unknown');
    });
  });
}

/**
 * Listens on the pipe until a connection proves, within HELLO_TIMEOUT_MS, that it is the writer
 * that was started (the hash on its command line), and hands that one to `talk`; any other is
 * closed unheard, and it never sees the job. Returns a function that waits for the proven
 * connection to close (or, when none came, stops listening).
 */
function acceptProven(pipe: string, tokenHash: string, talk: (input: Readable, output: Writable, awaitHello: boolean) => void): () => Promise<void> {
  let closed: Promise<void> | undefined;
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    const timer = setTimeout(() => socket.destroy(), HELLO_TIMEOUT_MS);
    const lines = createInterface({ input: socket });
    lines.once('line', (line) => {
      clearTimeout(timer);
      lines.close();
      if (closed || !helloProves(parseEvent(line), tokenHash)) return void socket.destroy();
      server.close();
      closed = new Promise((done) => socket.on('close', () => done()));
      talk(socket, socket, false);
    });
  });
  server.listen(pipe);
  return async () => {
    if (closed) await closed;
    else server.close();
  };
}
