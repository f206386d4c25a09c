// The privileged writer process: started by pkexec, sudo or UAC with the token's hash on its
// command line, it says that hash first, takes one job from stdin (or the pipe it is told to
// connect to), runs it on its caller's behalf and reports on stdout (or that pipe), then exits.
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ProbeResult } from '../../shared/probe.js';
import { JobError, parseJob } from './job.js';
import { PIPE_FLAG } from './launch.js';
import { encodeEvent, tokenMatches, TOKEN_HASH_FLAG, type WriterEvent } from './protocol.js';
import { runJob } from './run-job.js';
import { ROOT_ITSELF, type Authority } from './authority.js';
import { channelDestination } from './zip-channel.js';
import { callerFromSystem } from '../system/caller.js';
import { applyCleanEnvironment } from './clean-environment.js';

const EXIT_REJECTED = 2;

async function main(): Promise<number> {
  // Nothing of the caller's environment reaches the tools the writer starts, but who it works for.
  applyCleanEnvironment();
  const expectedHash = optionValue(TOKEN_HASH_FLAG);
  const pipe = optionValue(PIPE_FLAG);
  const channel = pipe === undefined ? { input: process.stdin, output: process.stdout } : await connected(pipe);
  try {
    return await serve(expectedHash, channel.input, channel.output);
  } finally {
    // Everything said must reach the caller before the process exits.
    await new Promise<void>((done) => (channel.output === process.stdout ? done() : channel.output.end(done)));
  }
}

async function serve(expectedHash: string | undefined, input: Readable, output: Writable): Promise<number> {
  const emit = (event: WriterEvent): boolean => output.write(encodeEvent(event));
  // An event and the raw bytes it announces, written together so nothing comes between them.
  const send = (event: WriterEvent, bytes?: Buffer): Promise<void> => {
    const room = emit(event) && (bytes === undefined || output.write(bytes));
    return room ? Promise.resolve() : new Promise((resolve) => output.once('drain', resolve));
  };
  if (expectedHash !== undefined) emit({ type: 'hello', tokenHash: expectedHash });
  const lines = createInterface({ input })[Symbol.asyncIterator]();
  const first = await lines.next();
  let request: { token?: unknown; job?: unknown } = {};
  try {
    request = first.done ? {} : (JSON.parse(first.value) as typeof request);
  } catch {
    // Not JSON: rejected below as having no token.
  }
  if (expectedHash === undefined || !tokenMatches(request.token, expectedHash)) {
    emit({ type: 'rejected', message: 'The writer was started without the right one-time token; nothing was written.' });
    return EXIT_REJECTED;
  }
  let job;
  try {
    job = parseJob(request.job);
  } catch (error) {
    if (!(error instanceof JobError)) throw error;
    emit({ type: 'rejected', message: `The writer was sent a malformed job: ${error.message} Nothing was written.` });
    return EXIT_REJECTED;
  }
  // The caller closing our stdin (or going away) cancels the job.
  const cancel = new AbortController();
  void (async () => {
    while (!(await lines.next()).done);
    cancel.abort();
  })();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => cancel.abort());
  const seams = { signal: cancel.signal, onProbe: (probe: ProbeResult) => emit({ type: 'probe', probe }), zipDestination: channelDestination(send) };
  const outcome = await runJob(job, (progress) => emit({ type: 'progress', progress }), seams, authority());
  emit({ type: 'outcome', outcome });
  return 0;
}

/**
 * Whose rights the job runs on: the user pkexec or sudo names (they set PKEXEC_UID or SUDO_UID),
 * or root's when root itself started the writer. Windows names no one: there the writer always
 * works for someone else, through UAC.
 */
function authority(): Authority {
  if (process.platform === 'win32') return { kind: 'elevated', caller: undefined };
  const caller = callerFromSystem();
  return caller ? { kind: 'elevated', caller } : ROOT_ITSELF;
}

function optionValue(flag: string): string | undefined {
  const index = process.argv.indexOf(flag);
  return index < 0 ? undefined : process.argv[index + 1];
}

function connected(pipe: string): Promise<{ input: Readable; output: Writable }> {
  return new Promise((resolve, reject) => {
    // Half-open: the caller ending its side (a cancel) must not end ours before the outcome is sent.
    const socket = connect({ path: pipe, allowHalfOpen: true }, () => resolve({ input: socket, output: socket }));
    socket.once('error', reject);
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`flash-creator writer: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
