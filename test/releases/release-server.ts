// A local HTTP server on 127.0.0.1 that serves release zips and a feed, and misbehaves on purpose:
// drops the connection part-way, ignores Range, answers 404 or 500, stalls, serves wrong bytes.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Behaviour =
  | 'good'
  /** The first `times` answers stop after `at` bytes and drop the connection. */
  | { drop: { at: number; times: number } }
  /** Answers every request with the whole file and 200, Range or not. */
  | 'ignore-range'
  /** Answers a ranged request with 416. */
  | 'refuse-range'
  | { status: number; times?: number }
  /** Sends `at` bytes, then nothing, keeping the connection open. */
  | { stall: { at: number; times: number } }
  /** One byte in the middle changed. */
  | 'wrong-bytes';

export interface ServedFile {
  readonly body: Buffer;
  behaviour: Behaviour;
}

export interface ReleaseServer {
  readonly base: string;
  readonly files: Map<string, ServedFile>;
  /** Every request, as "GET /path range" (range '-' when none). */
  readonly log: string[];
  close(): Promise<void>;
}

export async function startReleaseServer(): Promise<ReleaseServer> {
  const files = new Map<string, ServedFile>();
  const log: string[] = [];
  const counts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    log.push(`GET ${path} ${request.headers.range ?? '-'}`);
    const file = files.get(path);
    if (!file) return end(response, 404);
    const count = (counts.get(path) ?? 0) + 1;
    counts.set(path, count);
    serve(request, response, file, count);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    files,
    log,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((done) => server.close(() => done()));
    },
  };
}

function serve(request: IncomingMessage, response: ServerResponse, file: ServedFile, count: number): void {
  const { behaviour } = file;
  let body = file.body;
  if (typeof behaviour === 'object' && 'status' in behaviour && count <= (behaviour.times ?? Infinity)) return end(response, behaviour.status);
  if (behaviour === 'wrong-bytes') {
    body = Buffer.from(body);
    body.writeUInt8(body.readUInt8(body.length >> 1) ^ 0xff, body.length >> 1);
  }
  const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
  if (range && behaviour === 'refuse-range') return end(response, 416);
  const start = range && behaviour !== 'ignore-range' ? Number(range[1]) : 0;
  if (start > body.length) return end(response, 416);
  const slice = body.subarray(start);
  response.writeHead(start > 0 ? 206 : 200, {
    'content-length': slice.length,
    'content-type': 'application/zip',
    ...(start > 0 ? { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
  });
  if (typeof behaviour === 'object' && 'drop' in behaviour && count <= behaviour.drop.times) {
    response.write(slice.subarray(0, Math.max(0, behaviour.drop.at - start)), () => response.socket?.destroy());
    return;
  }
  if (typeof behaviour === 'object' && 'stall' in behaviour && count <= behaviour.stall.times) {
    response.write(slice.subarray(0, Math.max(0, behaviour.stall.at - start)));
    return;
  }
  response.end(slice);
}

function end(response: ServerResponse, status: number): void {
  response.writeHead(status, { 'content-type': 'text/plain' });
  response.end(`HTTP ${status}\n`);
}
