// The GUID validation service as a local server on 127.0.0.1 (never Lime Technology's own host),
// answering every way the real one or a broken network can.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGuidLicence, licenceService, LICENCE_SERVICE_ENV, runsFromSources } from '../../main/licence/guid-service.js';
import { licenceLine, licenceRulesOut, LIME_GUID_SERVICE } from '../../shared/licence.js';
import { formatMessage, message } from '../../shared/message.js';

const GUID = '0781-5581-0000-00A1B2C3D4E5';

interface Asked {
  readonly method: string | undefined;
  readonly contentType: string | undefined;
  readonly body: string;
}

const asked: Asked[] = [];
let server: Server;
let base: string;

const answers: Record<string, (response: ServerResponse) => void> = {
  '/valid': (response) => response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}'),
  '/blacklisted': (response) => response.writeHead(403, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'This GUID is blacklisted: it is not unique' })),
  '/forbidden-without-reason': (response) => response.writeHead(403).end('<html>no</html>'),
  '/server-error': (response) => response.writeHead(500).end('oops'),
  '/moved': (response) => response.writeHead(307, { Location: '/valid' }).end(),
  '/moved-same-origin': (response) => response.writeHead(308, { Location: `${base}/valid` }).end(),
  '/never': () => undefined,
};

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      asked.push({ method: request.method, contentType: request.headers['content-type'], body });
      (answers[request.url ?? ''] ?? ((reply: ServerResponse) => reply.writeHead(404).end()))(response);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

describe('asking the GUID service about a drive', () => {
  it('sends what the official creator sends: a form-encoded POST of guid=<GUID>, nothing else', async () => {
    asked.length = 0;
    expect(await checkGuidLicence(GUID, { service: `${base}/valid` })).toEqual({ status: 'valid' });
    expect(asked).toEqual([{ method: 'POST', contentType: 'application/x-www-form-urlencoded', body: `guid=${GUID}` }]);
  });

  it('a 403 with a JSON error is blacklisted, with its reason; without one, still blacklisted', async () => {
    const blacklisted = await checkGuidLicence(GUID, { service: `${base}/blacklisted` });
    expect(blacklisted).toEqual({ status: 'blacklisted', reason: 'This GUID is blacklisted: it is not unique' });
    expect(licenceRulesOut(blacklisted)).toBe(true);
    expect(formatMessage(licenceLine(blacklisted))).toBe('Licence: blacklisted: Unraid will not license this drive (This GUID is blacklisted: it is not unique). Use another flash drive.');
    expect(await checkGuidLicence(GUID, { service: `${base}/forbidden-without-reason` })).toEqual({ status: 'blacklisted', reason: null });
  });

  it('follows a redirect within the service’s own origin', async () => {
    expect(await checkGuidLicence(GUID, { service: `${base}/moved` })).toEqual({ status: 'valid' });
    expect(await checkGuidLicence(GUID, { service: `${base}/moved-same-origin` })).toEqual({ status: 'valid' });
  });

  it('never sends the GUID to another server a redirect names: the licence is "could not check"', async () => {
    const told: string[] = [];
    const other = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        told.push(`${request.method} ${request.url} ${body}`);
        response.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((done) => other.listen(0, '127.0.0.1', done));
    const otherBase = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    // Another port of the same host is another origin, as another host is.
    const redirecting = createServer((request, response) => {
      request.resume();
      const status = Number(request.url?.slice(1));
      response.writeHead(status, { Location: `${otherBase}/valid` }).end();
    });
    await new Promise<void>((done) => redirecting.listen(0, '127.0.0.1', done));
    const redirectingBase = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}`;
    try {
      for (const status of [301, 302, 303, 307, 308]) {
        const answer = await checkGuidLicence(GUID, { service: `${redirectingBase}/${status}` });
        expect(answer).toEqual({ status: 'unknown', why: message('licence.why.redirected', { origin: otherBase }) });
        expect(licenceRulesOut(answer)).toBe(false);
      }
      expect(told).toEqual([]);
    } finally {
      for (const server of [other, redirecting]) {
        server.closeAllConnections();
        await new Promise((done) => server.close(done));
      }
    }
  });

  it('a server error, garbage, no answer in time and no server at all are "could not check", never a refusal', async () => {
    const error = await checkGuidLicence(GUID, { service: `${base}/server-error` });
    expect(error).toEqual({ status: 'unknown', why: message('licence.why.http', { status: 500 }) });
    expect(licenceRulesOut(error)).toBe(false);
    const sockets: Socket[] = [];
    const garbage = createTcpServer((socket) => {
      sockets.push(socket);
      socket.end('\x00\x17garbage, not HTTP\r\n\r\n');
    });
    await new Promise<void>((done) => garbage.listen(0, '127.0.0.1', done));
    try {
      const answer = await checkGuidLicence(GUID, { service: `http://127.0.0.1:${(garbage.address() as AddressInfo).port}/` });
      expect(answer.status).toBe('unknown');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((done) => garbage.close(done));
    }
    expect(await checkGuidLicence(GUID, { service: `${base}/never`, timeoutMs: 300 })).toEqual({ status: 'unknown', why: message('licence.why.timeout', { seconds: 0.3 }) });
    const closed = createTcpServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    const offline = await checkGuidLicence(GUID, { service: `http://127.0.0.1:${port}/` });
    expect(offline.status).toBe('unknown');
    expect(formatMessage(licenceLine(offline))).toMatch(/^Licence: could not check \(offline, or the service could not be reached: .+\); the drive may still be fine\.$/);
  });

  it('asks Lime Technology’s address unless told another by option, or by the environment when run from the sources', () => {
    const saved = process.env[LICENCE_SERVICE_ENV];
    delete process.env[LICENCE_SERVICE_ENV];
    try {
      expect(licenceService()).toBe(LIME_GUID_SERVICE);
      process.env[LICENCE_SERVICE_ENV] = `${base}/valid`;
      expect(runsFromSources()).toBe(true);
      expect(licenceService()).toBe(`${base}/valid`);
      expect(licenceService({ service: 'http://127.0.0.1:1/' })).toBe('http://127.0.0.1:1/');
      // A release ignores the environment, an http address above all.
      expect(licenceService({}, false)).toBe(LIME_GUID_SERVICE);
      expect(licenceService({ service: 'http://127.0.0.1:1/' }, false)).toBe('http://127.0.0.1:1/');
    } finally {
      if (saved === undefined) delete process.env[LICENCE_SERVICE_ENV];
      else process.env[LICENCE_SERVICE_ENV] = saved;
    }
  });

  it('runs from the sources only in a checkout: the packaged app’s dist/ has no sources beside it', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'licence-build-'));
    try {
      const built = join(folder, 'dist', 'main', 'licence', 'guid-service.js');
      expect(runsFromSources(built)).toBe(false);
      await mkdir(join(folder, 'main', 'licence'), { recursive: true });
      await writeFile(join(folder, 'main', 'licence', 'guid-service.ts'), '');
      expect(runsFromSources(built)).toBe(true);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
