// Serves the built renderer on app://flash-creator/: a privileged scheme of the app's own, so the
// page has an origin of its own (not file://, which could reach every local file), and every
// response carries the content security policy.
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { CONTENT_SECURITY_POLICY, rendererFile } from '../app-core/renderer-files.js';
import { APP_SCHEME, isAppUrl } from './security.js';

/** Before the app is ready: the scheme behaves like https (secure context, modules, fetch). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } }]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = isAppUrl(request.url) ? await rendererFile(rendererDir, new URL(request.url).pathname) : undefined;
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(await readFile(file.path), {
      headers: { 'content-type': file.contentType, 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' },
    });
  });
}
