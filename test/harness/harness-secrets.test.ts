// The browser harness as another local program would attack it: asking for the page (which carries
// the token) without the launch key or with a wrong one of the same length, and uploading past its
// quota, with nothing of a refused or broken upload left behind. Real HTTP on 127.0.0.1.
import { request as httpRequest } from 'node:http';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../main/harness/server.js';
import { HARNESS_TRANSPORT as T, type IpcResult } from '../../shared/ipc.js';
import { formatMessage } from '../../shared/message.js';

const PER_UPLOAD = 2000;
const TOTAL = 3000;
let harness: Harness;
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'harness-secrets-'));
  const rendererDir = join(workDir, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><html><head><script src="/app.js"></script></head><body></body></html>');
  await writeFile(join(rendererDir, 'app.js'), 'void 0;');
  harness = await startHarness({ rendererDir, bridgeFile: join(workDir, 'no-bridge.js'), workDir: join(workDir, 'harness'), uploadQuota: { perUpload: PER_UPLOAD, total: TOTAL } });
});

afterAll(async () => {
  await harness?.close();
  await rm(workDir, { recursive: true, force: true });
});

async function upload(bytes: number): Promise<IpcResult<unknown>> {
  const response = await fetch(`${harness.url}${T.uploadPath.slice(1)}`, {
    method: 'POST',
    headers: { [T.tokenHeader]: harness.token, [T.fileNameHeader]: 'backup.zip', 'content-type': 'application/octet-stream' },
    body: Buffer.alloc(bytes, 0x41),
  });
  return (await response.json()) as IpcResult<unknown>;
}

async function uploadsLeft(): Promise<string[]> {
  const folder = join(workDir, 'harness', 'uploads');
  const folders = await readdir(folder).catch(() => []);
  return (await Promise.all(folders.map(async (name) => (await readdir(join(folder, name))).map((file) => `${name}/${file}`)))).flat();
}

function refusalText(result: IpcResult<unknown>): string {
  return result.ok ? 'accepted' : formatMessage(result.error.message);
}

describe('the harness page and its token', () => {
  it('serves the page, with the token, only for the launch address', async () => {
    expect(harness.launchUrl.startsWith(`${harness.url}?key=`)).toBe(true);
    const page = await fetch(harness.launchUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`content="${harness.token}"`);
  });

  it('gives a local program that asks for "/" (or index.html) without the key no page and no token', async () => {
    for (const path of ['', 'index.html', '?key=']) {
      const page = await fetch(`${harness.url}${path}`);
      expect(page.status).toBe(403);
      expect(await page.text()).not.toContain(harness.token);
    }
    // The page's own scripts are no secret.
    expect((await fetch(`${harness.url}app.js`)).status).toBe(200);
  });

  it('refuses a wrong key of the same length, and a wrong token of the same length', async () => {
    const key = new URL(harness.launchUrl).searchParams.get('key')!;
    const wrongKey = `${key.slice(0, -1)}${key.endsWith('0') ? '1' : '0'}`;
    const page = await fetch(`${harness.url}?key=${wrongKey}`);
    expect(page.status).toBe(403);
    expect(await page.text()).not.toContain(harness.token);
    // The key is not the token: it opens the page, not the IPC.
    const withKey = await fetch(`${harness.url}${T.ipcPath.slice(1)}drives:list`, { method: 'POST', headers: { [T.tokenHeader]: key }, body: 'null' });
    expect(withKey.status).toBe(403);
    const wrongToken = `${harness.token.slice(0, -1)}${harness.token.endsWith('0') ? '1' : '0'}`;
    const ipc = await fetch(`${harness.url}${T.ipcPath.slice(1)}drives:list`, { method: 'POST', headers: { [T.tokenHeader]: wrongToken }, body: 'null' });
    expect(ipc.status).toBe(403);
    expect((await fetch(`${harness.url}${T.eventsPath.slice(1)}?token=${wrongToken}`)).status).toBe(403);
  });
});

describe('the harness’s upload quota', () => {
  it('refuses an upload larger than one may be, and keeps nothing of it', async () => {
    expect(refusalText(await upload(2 * PER_UPLOAD))).toBe('The upload is 4.0 KB; the harness takes files of up to 2.0 KB.');
    expect(await uploadsLeft()).toEqual([]);
  });

  it('counts every upload kept: one that would pass the total is refused, and nothing of it is left', async () => {
    // Not a zip, so opened as a backup with its problems; kept as an upload either way.
    expect(refusalText(await upload(2000))).toBe('accepted');
    expect(await uploadsLeft()).toEqual(['1/backup.zip']);
    expect(refusalText(await upload(2000))).toBe('The upload (2.0 KB) would take the harness’s uploads past 3.0 KB in all: restart the harness to start afresh.');
    expect(await uploadsLeft()).toEqual(['1/backup.zip']);
  });

  it('deletes what a client that stops half-way sent, and gives its share of the quota back', async () => {
    await new Promise<void>((resolve) => {
      const url = new URL(harness.url);
      const request = httpRequest({ host: url.hostname, port: url.port, path: T.uploadPath, method: 'POST', headers: { [T.tokenHeader]: harness.token, 'content-length': '1000' } });
      request.on('error', () => resolve());
      request.write(Buffer.alloc(600));
      setTimeout(() => {
        request.destroy();
        resolve();
      }, 200);
    });
    for (let tries = 0; tries < 100 && (await uploadsLeft()).length > 1; tries++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await uploadsLeft()).toEqual(['1/backup.zip']);
    // 2000 of 3000 bytes kept: 1000 more still fit; had the broken upload kept its share they would not.
    expect(refusalText(await upload(1000))).toBe('accepted');
    expect(await uploadsLeft()).toEqual(['1/backup.zip', '3/backup.zip']);
  });
});
