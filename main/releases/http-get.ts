// One GET, for the release list and the release zips: redirects followed only to addresses the
// feed's own rule allows (https, or http to this computer), never to another scheme; a connect
// timeout; through the proxy the resolver names, if any (a CONNECT tunnel, TLS inside it end to
// end); the caller reads the body and watches it for stalls (watchStalls).
import { request as httpRequest, type IncomingMessage, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { isAllowedUrl } from './feed.js';
import type { ProxyResolver } from './proxy.js';

export const MAX_REDIRECTS = 5;

/** Why a request failed: `retry` when another attempt may fare better (a dropped connection, a 5xx), not for a 404. */
export class HttpError extends Error {
  override name = 'HttpError';

  constructor(message: string, readonly retry: boolean, readonly status?: number) {
    super(message);
  }
}

export interface GetOptions {
  readonly headers?: Readonly<Record<string, string>>;
  readonly connectTimeoutMs: number;
  readonly signal?: AbortSignal;
  /** Names the proxy for each address; direct when omitted or when it answers null. */
  readonly proxy?: ProxyResolver;
}

/** The response to a GET of `url` after redirects: any status, for the caller to judge. */
export async function httpGet(url: string, options: GetOptions): Promise<IncomingMessage> {
  let address = url;
  for (let redirects = 0; ; redirects++) {
    const response = await getOnce(address, options);
    const location = response.headers.location;
    if (response.statusCode === undefined || response.statusCode < 300 || response.statusCode >= 400 || location === undefined) return response;
    response.resume();
    const next = new URL(location, address).toString();
    if (!isAllowedUrl(next)) throw new HttpError(`redirected to ${next}, which is not an https address`, false);
    if (redirects >= MAX_REDIRECTS) throw new HttpError(`more than ${MAX_REDIRECTS} redirects`, false);
    address = next;
  }
}

async function getOnce(url: string, options: GetOptions): Promise<IncomingMessage> {
  const proxy = await options.proxy?.(url) ?? null;
  const tunnelled = proxy === null ? undefined : await tunnel(new URL(proxy), new URL(url), options);
  return new Promise((resolve, reject) => {
    const secure = url.startsWith('https:');
    const request: ClientRequest = (secure ? httpsRequest : httpRequest)(url, {
      method: 'GET',
      headers: { 'user-agent': 'flash-creator', 'accept-encoding': 'identity', ...options.headers },
      signal: options.signal,
      ...(tunnelled && { createConnection: () => (secure ? tlsConnect({ socket: tunnelled, servername: new URL(url).hostname }) : tunnelled) }),
    });
    const timer = setTimeout(() => request.destroy(new HttpError(`no answer within ${options.connectTimeoutMs / 1000} s`, true)), options.connectTimeoutMs);
    request.once('response', (response) => {
      clearTimeout(timer);
      resolve(response);
    });
    request.once('error', (error) => {
      clearTimeout(timer);
      reject(error instanceof HttpError || options.signal?.aborted ? error : new HttpError(describe(error), true));
    });
    request.end();
  });
}

/** A connection to `target` through the proxy (HTTP CONNECT), for the request to speak over. */
function tunnel(proxy: URL, target: URL, options: GetOptions): Promise<Socket> {
  const authority = `${target.hostname}:${target.port || (target.protocol === 'https:' ? 443 : 80)}`;
  const credentials = proxy.username ? { 'proxy-authorization': `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}` } : {};
  return new Promise((resolve, reject) => {
    const request = (proxy.protocol === 'https:' ? httpsRequest : httpRequest)({
      host: proxy.hostname,
      port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
      method: 'CONNECT',
      path: authority,
      headers: { host: authority, ...credentials },
      signal: options.signal,
    });
    const timer = setTimeout(() => request.destroy(new HttpError(`the proxy ${proxy.host} did not answer within ${options.connectTimeoutMs / 1000} s`, true)), options.connectTimeoutMs);
    request.once('connect', (response, socket) => {
      clearTimeout(timer);
      if (response.statusCode === 200) return resolve(socket);
      socket.destroy();
      const status = response.statusCode ?? 0;
      reject(new HttpError(`the proxy ${proxy.host} refused the connection to ${authority} (HTTP ${status})`, status >= 500, status));
    });
    request.once('error', (error) => {
      clearTimeout(timer);
      reject(error instanceof HttpError || options.signal?.aborted ? error : new HttpError(`the proxy ${proxy.host}: ${describe(error)}`, true));
    });
    request.end();
  });
}

/** Destroys the response when no byte arrives for `stallMs`; returns the function that stops watching. */
export function watchStalls(response: IncomingMessage, stallMs: number): { touch: () => void; stop: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const touch = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => response.destroy(new HttpError(`no data for ${stallMs / 1000} s`, true)), stallMs);
  };
  touch();
  return { touch, stop: () => clearTimeout(timer) };
}

/** "HTTP 500", or the system's code for a failed connection (ECONNREFUSED), for the message's detail. */
export function describe(error: unknown): string {
  if (error instanceof HttpError) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}
