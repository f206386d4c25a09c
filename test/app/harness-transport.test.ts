// The IPC contract through the harness's real transport (HTTP on 127.0.0.1), as a hostile renderer
// would use it: the service writes only to a drive of its latest list, named by id, never to a path
// it is given, and answers nobody without the page's token. Then a real write with a network change,
// checked on the image with mtools.
import { execFileSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../main/harness/server.js';
import { HARNESS_TRANSPORT as T, type DriveList, type EventChannel, type IpcResult, type OpenedBackup, type WriteOutcome } from '../../shared/ipc.js';
import { PARTITION_OFFSET } from '../fixtures/image-checks.js';
import { writeSampleBackup } from '../fixtures/sample-backup.js';
import { formatMessage } from '../../shared/message.js';
import { tempFolder } from '../fixtures/temp-folder.js';

const GB = 1_000_000_000;
let harness: Harness;
const workDir = tempFolder('harness-transport-');
let zipPath: string;

beforeAll(async () => {
  harness = await startHarness({ rendererDir: join(workDir, 'no-renderer'), bridgeFile: join(workDir, 'no-bridge.js'), workDir: join(workDir, 'harness') });
  zipPath = join(workDir, 'Tower-flash-backup.zip');
  writeSampleBackup(zipPath, {});
});
afterAll(async () => harness?.close());

async function invoke<T>(channel: string, body: unknown, token = harness.token): Promise<{ status: number; result: IpcResult<T> }> {
  const response = await fetch(`${harness.url}${T.ipcPath.slice(1)}${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [T.tokenHeader]: token },
    body: JSON.stringify(body),
  });
  return { status: response.status, result: (await response.json()) as IpcResult<T> };
}

async function value<T>(channel: string, body: unknown): Promise<T> {
  const { result } = await invoke<T>(channel, body);
  if (!result.ok) throw new Error(`${channel}: ${formatMessage(result.error.message)}`);
  return result.value;
}

function errorCode(result: IpcResult<unknown>): string {
  return result.ok ? 'ok' : result.error.code;
}

/** The events the harness sends, collected from its event stream. */
async function listen(): Promise<{ events: { channel: EventChannel; payload: unknown }[]; stop: () => void }> {
  const events: { channel: EventChannel; payload: unknown }[] = [];
  const controller = new AbortController();
  const response = await fetch(`${harness.url}${T.eventsPath.slice(1)}?token=${harness.token}`, { signal: controller.signal });
  void (async () => {
    let buffered = '';
    try {
      for await (const chunk of response.body!) {
        buffered += Buffer.from(chunk).toString('utf8');
        for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
          const block = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const channel = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (channel && data) events.push({ channel: channel as EventChannel, payload: JSON.parse(data) });
        }
      }
    } catch {
      // stopped
    }
  })();
  return { events, stop: () => controller.abort() };
}

async function waitFor<T>(find: () => T | undefined | Promise<T | undefined>): Promise<T> {
  for (let tries = 0; tries < 600; tries++) {
    const found = await find();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('waited 30 s in vain');
}

describe('the harness transport', () => {
  it('answers nobody without the page’s token, and nothing for another host name', async () => {
    const { status, result } = await invoke('drives:list', null, 'not-the-token');
    expect(status).toBe(403);
    expect(errorCode(result)).toBe('invalid-request');
    const events = await fetch(`${harness.url}${T.eventsPath.slice(1)}?token=wrong`);
    expect(events.status).toBe(403);
    const rebound = await new Promise<number>((resolve, reject) => {
      const url = new URL(harness.url);
      const request = httpRequest({ host: url.hostname, port: url.port, path: `${T.ipcPath}drives:list`, method: 'POST', headers: { host: `evil.example:${url.port}`, [T.tokenHeader]: harness.token } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end('null');
    });
    expect(rebound).toBe(421);
  });

  it('refuses a write to a drive it did not list, to a path, or with fields the contract lacks, and writes nothing', async () => {
    const victim = join(workDir, 'victim.img');
    await writeFile(victim, 'precious data');
    const removed = await harness.drives.add({ size: 8 * GB, description: 'Unplugged stick' });
    const refused = await harness.drives.add({ size: 500 * GB, description: 'System disk', isSystem: true });
    const warned = await harness.drives.add({ size: 16 * GB, description: 'No-serial stick', serial: null });
    const backup = await value<OpenedBackup>('backup:open', { path: zipPath });
    const list = await value<DriveList>('drives:list', null);
    const idOf = (device: string) => list.drives.find((drive) => drive.device === device)?.id ?? 'drive-0';
    const removedId = idOf(removed.device);
    const write = (fields: Record<string, unknown>) => invoke('write:start', { backupId: backup.backupId, uefi: true, ...fields });

    const answers = {
      forgedId: await write({ driveId: 'drive-4242' }),
      pathAsId: await write({ driveId: victim }),
      extraDevice: await write({ driveId: idOf(refused.device), device: victim }),
      extraPath: await write({ driveId: idOf(warned.device), path: victim, confirmation: 'No-serial stick' }),
      refused: await write({ driveId: idOf(refused.device) }),
      unconfirmed: await write({ driveId: idOf(warned.device) }),
      wrongName: await write({ driveId: idOf(warned.device), confirmation: 'Unplugged stick' }),
      forgedBackup: await write({ backupId: 'backup-999', driveId: idOf(warned.device) }),
      badServerName: await write({ driveId: idOf(warned.device), serverName: '../../etc', confirmation: 'No-serial stick' }),
    };
    expect(Object.fromEntries(Object.entries(answers).map(([name, answer]) => [name, errorCode(answer.result)]))).toEqual({
      forgedId: 'unknown-drive',
      pathAsId: 'invalid-request',
      extraDevice: 'invalid-request',
      extraPath: 'invalid-request',
      refused: 'drive-refused',
      unconfirmed: 'confirmation-required',
      wrongName: 'confirmation-required',
      forgedBackup: 'unknown-backup',
      badServerName: 'invalid-request',
    });
    expect(answers.extraDevice.result.ok ? '' : formatMessage(answers.extraDevice.result.error.message)).toBe('write:start has no field “device”.');
    expect(answers.refused.result.ok ? '' : formatMessage(answers.refused.result.error.message)).toContain("It is one of this computer's own disks");

    // Once the list no longer holds an unplugged stick, its old id is refused too.
    await harness.drives.remove(removed.device);
    await waitFor(async () => ((await value<DriveList>('drives:list', null)).drives.some((drive) => drive.id === removedId) ? undefined : true));
    expect(errorCode((await write({ driveId: removedId })).result)).toBe('unknown-drive');

    expect(await readFile(victim, 'utf8')).toBe('precious data');
    expect((await stat(refused.device)).blocks).toBe(0);
    expect((await stat(warned.device)).blocks).toBe(0);
  });

  it('refuses malformed requests, unknown channels and the desktop-only dialog, in words', async () => {
    expect(errorCode((await invoke('backup:open', { path: 'relative/backup.zip' })).result)).toBe('invalid-request');
    expect(errorCode((await invoke('backup:open', ['not', 'an', 'object'])).result)).toBe('invalid-request');
    expect(errorCode((await invoke('drives:list', { sneaky: true })).result)).toBe('invalid-request');
    expect(errorCode((await invoke('write:cancel', { jobId: 'job-1' })).result)).toBe('unknown-job');
    expect(errorCode((await invoke('backup:choose', null)).result)).toBe('invalid-request');
    const unknown = await invoke('shell:exec', { command: 'rm -rf /' });
    expect(unknown.status).toBe(404);
    expect(errorCode(unknown.result)).toBe('invalid-request');
    const broken = await fetch(`${harness.url}${T.ipcPath.slice(1)}drives:list`, { method: 'POST', headers: { [T.tokenHeader]: harness.token }, body: '{not json' });
    expect(broken.status).toBe(400);
    expect(await value<{ path: string }>('log:open', null)).toEqual({ path: harness.log.path });
  });

  it('writes a confirmed drive with the network the user set, in network.cfg’s own format, and reports every phase', async () => {
    const listener = await listen();
    try {
      const drive = await harness.drives.add({ size: 8 * GB, description: 'Network test stick', serial: null, writeSpeed: 4_000_000 });
      const backup = await value<OpenedBackup>('backup:open', { path: zipPath });
      expect(backup.settings.network).toEqual({ dhcp: false, address: '192.168.1.20', netmask: '255.255.255.0', gateway: '192.168.1.1', dns: '192.168.1.1' });
      const driveId = await waitFor(() => {
        const listed = listener.events.filter((event) => event.channel === 'drives:changed').at(-1)?.payload as DriveList | undefined;
        return listed?.drives.find((row) => row.device === drive.device)?.id;
      });
      const network = { dhcp: false, address: '10.0.0.5', netmask: '255.255.0.0', gateway: '10.0.0.1', dns: '192.168.1.1' };
      const { jobId } = await value<{ jobId: string }>('write:start', { backupId: backup.backupId, driveId, uefi: false, network, confirmation: 'network test stick' });
      const second = await invoke('write:start', { backupId: backup.backupId, driveId, uefi: false, confirmation: 'network test stick' });
      expect(errorCode(second.result)).toBe('busy');
      expect(errorCode((await invoke('write:cancel', { jobId: 'job-999' })).result)).toBe('unknown-job');
      const outcome = await waitFor(() => listener.events.find((event) => event.channel === 'write:finished' && (event.payload as WriteOutcome).jobId === jobId)?.payload as WriteOutcome | undefined);
      expect(outcome).toMatchObject({ result: 'success', drive: { device: drive.device, guid: null }, verification: { uefiBoot: false, changedFiles: ['config/network.cfg'] } });
      const phases = new Set(listener.events.filter((event) => event.channel === 'write:progress').map((event) => (event.payload as { phase: string }).phase));
      expect([...phases]).toEqual(['preparing', 'writing', 'boot-loader', 'verifying']);

      const mtools = { ...process.env, MTOOLS_SKIP_CHECK: '1' };
      const onDrive = execFileSync('mtype', ['-i', `${drive.device}@@${PARTITION_OFFSET}`, '::/config/network.cfg'], { env: mtools }).toString('latin1');
      const original = execFileSync('unzip', ['-p', zipPath, 'config/network.cfg']).toString('latin1');
      expect(onDrive).toBe(original.replace('IPADDR[0]="192.168.1.20"', 'IPADDR[0]="10.0.0.5"').replace('NETMASK[0]="255.255.255.0"', 'NETMASK[0]="255.255.0.0"').replace('GATEWAY[0]="192.168.1.1"', 'GATEWAY[0]="10.0.0.1"'));
      expect(onDrive).not.toBe(original);
      const root = execFileSync('mdir', ['-b', '-i', `${drive.device}@@${PARTITION_OFFSET}`, '::/'], { env: mtools }).toString('latin1');
      expect(root).toContain('::/EFI-');
    } finally {
      listener.stop();
    }
  });
});
