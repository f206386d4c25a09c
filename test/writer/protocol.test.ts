// The writer process for real (root here, so started directly instead of through pkexec): the
// token must match the hash on its command line, the job must be well formed, and then it reports
// progress and its outcome as JSON lines.
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmedDrive } from '../../main/cli/verify.js';
import { describeDevice } from '../../main/drives/device.js';
import { runWriterProcess, writerInvocation, type WriterProcessOptions } from '../../main/writer/client.js';
import { PIPE_FLAG } from '../../main/writer/launch.js';
import { newToken, parseEvent, tokenMatches } from '../../main/writer/protocol.js';
import type { JobProgress } from '../../main/writer/run-job.js';
import { setUpDriveBench, tearDownDriveBench, type DriveBench, type LoopDevice } from '../flash/loop-device.js';
import { formatMessage, textMessage } from '../../shared/message.js';

const TEST_TIMEOUT_MS = 120_000;
let bench: DriveBench;
let work: string;
let zipPath: string;
let loop: LoopDevice;

beforeAll(async () => {
  bench = await setUpDriveBench('writer-protocol-');
  ({ work, zipPath, loop } = bench);
});

afterAll(() => tearDownDriveBench(bench));

function startWriter(tokenHash: string, request: string, progress: JobProgress[] = [], options: Omit<WriterProcessOptions, 'tokenHash'> = {}) {
  const { node, args } = writerInvocation(tokenHash);
  const pipeArgs = options.pipe === undefined ? [] : [PIPE_FLAG, options.pipe];
  return runWriterProcess({ command: node, args: [...args, ...pipeArgs] }, request, (event) => progress.push(event), { ...options, tokenHash });
}

/** Connects to the pipe as soon as it listens, says `hello`, and returns all it is sent before the app closes it. */
async function impostor(pipe: string, hello: string): Promise<string> {
  for (let tries = 0; ; tries++) {
    try {
      return await new Promise<string>((resolve, reject) => {
        let heard = '';
        const socket = connect(pipe, () => socket.write(hello));
        socket.on('data', (chunk: Buffer) => (heard += chunk.toString()));
        socket.on('error', reject);
        socket.on('close', () => resolve(heard));
      });
    } catch (error) {
      if (tries === 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

describe('the one-time token', () => {
  it('matches only its own hash', () => {
    const first = newToken();
    const second = newToken();
    expect(tokenMatches(first.token, first.hash)).toBe(true);
    expect(tokenMatches(second.token, first.hash)).toBe(false);
    expect(tokenMatches(undefined, first.hash)).toBe(false);
    expect(first.token).not.toBe(second.token);
  });
});

describe('parseEvent', () => {
  it('reads events and ignores anything else on the line', () => {
    expect(parseEvent('{"type":"rejected","message":"x"}')).toEqual({ type: 'rejected', message: 'x' });
    expect(parseEvent('(node:12) Warning: something')).toBeUndefined();
    expect(parseEvent('{"type":"launch-missiles"}')).toBeUndefined();
  });
});

describe('the writer process', () => {
  it('writes the job it is sent with the right token, reporting progress and its outcome', async () => {
    const { token, hash } = newToken();
    const drive = confirmedDrive(await describeDevice(loop.device));
    const job = { kind: 'write', zipPath, drive, unsafe: true, volumeId: 7 };
    const progress: JobProgress[] = [];
    const outcome = await startWriter(hash, `${JSON.stringify({ token, job })}\n`, progress);
    expect(outcome).toMatchObject({ status: 'done', device: loop.device, readBackMismatch: null, verify: { ok: true }, eject: null });
    expect(new Set(progress.map((event) => event.phase))).toEqual(new Set(['wipe', 'data', 'boot', 'verify']));
  }, TEST_TIMEOUT_MS);

  it('talks over a local pipe instead of stdio when told to (as under UAC; a Unix socket here)', async () => {
    const { token, hash } = newToken();
    const drive = confirmedDrive(await describeDevice(loop.device));
    const progress: JobProgress[] = [];
    const request = `${JSON.stringify({ token, job: { kind: 'verify', zipPath, drive } })}\n`;
    const outcome = await startWriter(hash, request, progress, { pipe: join(work, 'writer.sock') });
    expect(outcome).toMatchObject({ status: 'done', device: loop.device, written: null, verify: { ok: true } });
    expect(progress.at(-1)).toMatchObject({ phase: 'verify' });
  }, TEST_TIMEOUT_MS);

  it('sends the job over a pipe only to the writer that proves itself: an impostor that connects first hears nothing', async () => {
    const { token, hash } = newToken();
    const drive = confirmedDrive(await describeDevice(loop.device));
    const pipe = join(work, 'contested.sock');
    const { node, args } = writerInvocation(hash);
    // The real writer starts late (as under a UAC prompt), so the impostor is first on the pipe.
    const delayed = { command: 'sh', args: ['-c', 'sleep 1; exec "$@"', 'sh', node, ...args, PIPE_FLAG, pipe] };
    const request = `${JSON.stringify({ token, job: { kind: 'verify', zipPath, drive } })}\n`;
    const outcome = runWriterProcess(delayed, request, () => undefined, { pipe, tokenHash: hash });
    const heard = await impostor(pipe, `${JSON.stringify({ type: 'hello', tokenHash: newToken().hash })}\n`);
    expect(heard).toBe('');
    expect(await outcome).toMatchObject({ status: 'done', verify: { ok: true } });
  }, TEST_TIMEOUT_MS);

  it('refuses a wrong token before looking at the job', async () => {
    const { hash } = newToken();
    const outcome = await startWriter(hash, `${JSON.stringify({ token: newToken().token, job: {} })}\n`);
    expect(outcome).toEqual({ status: 'failed', driveState: 'untouched', message: textMessage('The writer was started without the right one-time token; nothing was written.') });
  }, TEST_TIMEOUT_MS);

  it('refuses a malformed job', async () => {
    const { token, hash } = newToken();
    const outcome = await startWriter(hash, `${JSON.stringify({ token, job: { kind: 'write', zipPath } })}\n`);
    expect(outcome).toMatchObject({ status: 'failed', driveState: 'untouched' });
    expect(outcome.status === 'failed' && formatMessage(outcome.message)).toMatch(/^The writer was sent a malformed job: drive must be an object\. Nothing was written\.$/);
  }, TEST_TIMEOUT_MS);

  it('refuses a drive that changed since it was confirmed, without writing', async () => {
    const { token, hash } = newToken();
    const drive = { ...confirmedDrive(await describeDevice(loop.device)), size: 8e9 };
    const outcome = await startWriter(hash, `${JSON.stringify({ token, job: { kind: 'write', zipPath, drive, unsafe: true, volumeId: 7 } })}\n`);
    expect(outcome.status === 'refused' && outcome.reasons.map(formatMessage)).toEqual([expect.stringMatching(/not the 8000000000 you confirmed/)]);
  }, TEST_TIMEOUT_MS);
});
