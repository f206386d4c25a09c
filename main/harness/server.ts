// The browser harness: serves the built renderer on 127.0.0.1 and carries the IPC contract over
// HTTP to the same service the Electron app uses, backed by the real engine. Its drives are image
// files it creates on request. For tests (Chromium drives the page) and for working on the UI in a
// browser. The page (and the secret token in it) is served only to a request carrying the launch
// key of the address the harness prints (launchUrl); every other request needs the token, and the
// Host must be this server's own address, so other web pages, DNS tricks and other local programs
// cannot drive it. Both secrets are compared in constant time. Uploads have a quota.
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { HARNESS_TRANSPORT as T, isRequestChannel, type EventChannel, type EventOf, type IpcResult, type RequestChannel } from '../../shared/ipc.js';
import { message, type AnyMessage } from '../../shared/message.js';
import { fileLogger, type Logger } from '../app-core/log.js';
import { CONTENT_SECURITY_POLICY, rendererFile } from '../app-core/renderer-files.js';
import { InProcessWriteRunner } from '../app-core/restore-job.js';
import { FlashCreatorService, isServiceChannel } from '../app-core/service.js';
import type { ReleaseOptions } from '../app-core/service-options.js';
import { newToken, tokenMatches } from '../writer/protocol.js';
import { ImageDrives } from './image-drives.js';

export interface HarnessOptions {
  /** The built renderer (dist/renderer). */
  readonly rendererDir: string;
  /** The built harness bridge (dist/harness-bridge/bridge.js). */
  readonly bridgeFile: string;
  /** Where uploads, drive images and the log go. */
  readonly workDir: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Where licence checks go (tests: a local server); Lime Technology's service when omitted. */
  readonly licenceService?: string;
  /** Bytes the harness takes from the page's uploads; UPLOAD_QUOTA when omitted. */
  readonly uploadQuota?: UploadQuota;
  /** Where the install job finds releases (tests: a local feed, a cache of their own); the service's defaults when omitted. */
  readonly releases?: ReleaseOptions;
}

export interface UploadQuota {
  /** The largest one upload may be. */
  readonly perUpload: number;
  /** All uploads kept in the work folder together. */
  readonly total: number;
}

export interface Harness {
  /** The server's address, for requests that carry the token. */
  readonly url: string;
  /** The address to open the wizard at: the server's, with the launch key the page is served for. */
  readonly launchUrl: string;
  readonly token: string;
  readonly drives: ImageDrives;
  readonly log: Logger;
  close(): Promise<void>;
}

const MAX_REQUEST_BYTES = 1024 * 1024;
/** A flash back-up zip is well under 1 GiB (a flash holds at most 32 GB, mostly free); a few of them fit. */
const UPLOAD_QUOTA: UploadQuota = { perUpload: 4 * 2 ** 30, total: 16 * 2 ** 30 };

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const token = newToken();
  const launchKey = newToken();
  const quota = options.uploadQuota ?? UPLOAD_QUOTA;
  const log = fileLogger(join(options.workDir, 'harness.log'));
  const drives = new ImageDrives(join(options.workDir, 'drives'));
  const streams = new Set<ServerResponse>();
  const emit = <E extends EventChannel>(channel: E, payload: EventOf<E>): void => {
    for (const stream of streams) stream.write(`event: ${channel}\ndata: ${JSON.stringify(payload)}\n\n`);
  };
  const runner = new InProcessWriteRunner(drives, log);
  const service = new FlashCreatorService({
    drives,
    runner,
    prober: runner,
    flashReader: runner,
    // No desktop to show a save dialog on: back-ups go to the harness's own folder, under Unraid's
    // name (numbered when a back-up of the same minute has it already, as a dialog's user would).
    chooseSaveFile: async (defaultName) => {
      const folder = join(options.workDir, 'saved');
      await mkdir(folder, { recursive: true });
      for (let number = 1; ; number++) {
        const path = join(folder, number === 1 ? defaultName : defaultName.replace(/\.zip$/, `-${number}.zip`));
        if (!(await stat(path).then(() => true, () => false))) return path;
      }
    },
    ...(options.licenceService === undefined ? {} : { licenceService: options.licenceService }),
    ...(options.releases === undefined ? {} : { releases: options.releases }),
    emit,
    log,
  });
  let uploads = 0;
  /** Bytes of the uploads kept, and of those under way. */
  let uploadedBytes = 0;
  let host = '';

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log.error(`${request.method} ${request.url} failed`, error);
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', 'The harness failed; see its log.');
      else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://harness');
    if (request.headers.host !== host) return send(response, 421, 'text/plain; charset=utf-8', 'Wrong host.');
    if (request.method === 'GET') return get(url, response);
    if (request.method !== 'POST') return send(response, 405, 'text/plain; charset=utf-8', 'Only GET and POST.');
    if (!tokenMatches(request.headers[T.tokenHeader], token.hash)) return answer(response, 403, refusal(message('request.not-from-harness')));
    if (url.pathname === T.uploadPath) return answer(response, 200, await upload(request));
    const channel = url.pathname.startsWith(T.ipcPath) ? url.pathname.slice(T.ipcPath.length) : '';
    if (!isRequestChannel(channel)) return answer(response, 404, refusal(message('request.no-channel', { channel })));
    const body = await readJson(request);
    if (!body.ok) return answer(response, 400, body);
    return answer(response, 200, await invoke(channel, body.value));
  }

  async function get(url: URL, response: ServerResponse): Promise<void> {
    if (url.pathname === T.eventsPath) {
      if (!tokenMatches(url.searchParams.get('token'), token.hash)) return send(response, 403, 'text/plain; charset=utf-8', 'No token.');
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      response.write(': connected\n\n');
      streams.add(response);
      response.on('close', () => streams.delete(response));
      return;
    }
    if (url.pathname === T.bridgePath) return send(response, 200, 'text/javascript; charset=utf-8', await readFile(options.bridgeFile));
    const file = await rendererFile(options.rendererDir, url.pathname);
    if (!file) return send(response, 404, 'text/plain; charset=utf-8', 'Not found.');
    const content = await readFile(file.path);
    if (!file.contentType.startsWith('text/html')) return send(response, 200, file.contentType, content);
    // The page carries the token: only for the launch address, never for whoever asks for "/".
    if (!tokenMatches(url.searchParams.get('key'), launchKey.hash)) return send(response, 403, 'text/plain; charset=utf-8', 'Open the address the harness printed: it carries the key.');
    return send(response, 200, file.contentType, withBridge(content.toString('utf8')));
  }

  /** The wizard's page, with the token and the bridge ahead of the wizard's own script. */
  function withBridge(html: string): string {
    const at = html.indexOf('<script');
    return `${html.slice(0, at)}<meta name="${T.tokenMeta}" content="${token.token}" />\n    <script src="${T.bridgePath}"></script>\n    ${html.slice(at)}`;
  }

  async function invoke(channel: RequestChannel, request: unknown): Promise<IpcResult<unknown>> {
    if (isServiceChannel(channel)) return service.handle(channel, request);
    // The harness has no desktop to show a log or a dialog in: it says where its log is, and the
    // page's bridge uses the browser's file chooser instead of asking for a dialog.
    if (channel === 'log:open') return { ok: true, value: { path: log.path } };
    // The harness's system is the browser: its navigator.languages are the languages to follow.
    if (channel === 'system:languages') return { ok: true, value: { languages: [] } };
    // The harness has no dialogs or notifications of its own to speak the page's language.
    if (channel === 'ui:language') return { ok: true, value: null };
    return refusal(message('request.bridge-answers', { channel }));
  }

  /**
   * A file the page sends (picked or dropped): saved under its own name in a folder of its own, then
   * opened. Its size must be declared, within the quota: Node's parser never passes on more bytes
   * than declared, and what a client that stops early sent is deleted.
   */
  async function upload(request: IncomingMessage): Promise<IpcResult<unknown>> {
    const size = Number(request.headers['content-length'] ?? NaN);
    if (!Number.isSafeInteger(size)) return refusal(message('request.upload-no-size'));
    if (size > quota.perUpload) return refusal(message('request.upload-too-large', { size, limit: quota.perUpload }));
    if (uploadedBytes + size > quota.total) return refusal(message('request.upload-quota', { size, limit: quota.total }));
    uploadedBytes += size;
    const folder = join(options.workDir, 'uploads', String(++uploads));
    const path = join(folder, safeFileName(String(request.headers[T.fileNameHeader] ?? '')));
    try {
      await mkdir(folder, { recursive: true });
      await pipeline(request, createWriteStream(path));
      if ((await stat(path)).size !== size) throw new Error(`the upload ended before its ${size} bytes`);
    } catch (error) {
      uploadedBytes -= size;
      await rm(folder, { recursive: true, force: true });
      throw error;
    }
    return service.openBackup(path);
  }

  await mkdir(options.workDir, { recursive: true });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  host = `127.0.0.1:${port}`;
  log.info(`Harness listening on http://${host}/`);
  return {
    url: `http://${host}/`,
    launchUrl: `http://${host}/?key=${launchKey.token}`,
    token: token.token,
    drives,
    log,
    async close() {
      await service.close();
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await log.flushed();
    },
  };
}

function refusal(reason: AnyMessage): IpcResult<never> {
  return { ok: false, error: { code: 'invalid-request', message: reason } };
}

async function readJson(request: IncomingMessage): Promise<IpcResult<unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return refusal(message('request.too-large'));
    chunks.push(chunk as Buffer);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
  } catch {
    return refusal(message('request.not-json'));
  }
}

/** The uploaded file's own name, reduced to characters every filesystem accepts. */
function safeFileName(header: string): string {
  let name: string;
  try {
    name = basename(decodeURIComponent(header));
  } catch {
    name = '';
  }
  const safe = name.replace(/[^\w.\- ()+]/g, '_').slice(0, 200).replace(/^\.+/, '');
  return safe === '' ? 'backup.zip' : safe;
}

function answer(response: ServerResponse, status: number, result: IpcResult<unknown>): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(result));
}

function send(response: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  response.writeHead(status, {
    'content-type': contentType,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  response.end(body);
}
