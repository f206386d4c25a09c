// The built renderer's files, served the same way by both front doors (Electron's app:// protocol
// and the harness's HTTP server): only files inside the renderer's folder, only known types, each
// with the content security policy.
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

/**
 * Scripts, styles and images from the app itself and nothing else: no inline script, no eval, no
 * remote content, no plugins, no framing, no form posts. connect-src 'self' is what the harness's
 * bridge needs; in Electron the renderer connects to nothing.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export interface RendererFile {
  readonly path: string;
  readonly contentType: string;
}

/** The file a URL path names inside `root` ("/" is index.html); undefined when there is none or it lies outside. */
export async function rendererFile(root: string, urlPath: string): Promise<RendererFile | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const base = resolve(root);
  const path = resolve(join(base, decoded === '/' || decoded === '' ? 'index.html' : decoded));
  const contentType = CONTENT_TYPES[extname(path).toLowerCase()];
  if (!path.startsWith(base + sep) || contentType === undefined) return undefined;
  const found = await stat(path).catch(() => undefined);
  return found?.isFile() ? { path, contentType } : undefined;
}
