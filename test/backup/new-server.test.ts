// A release zip, as unraid.net offers it, is a release and not a backup: its report says so and its
// checklist is a new server's (issue 22, items 2 and 5). A server's backup keeps the restore's.
import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { inspectBackup } from '../../main/backup/read-backup.js';
import { buildNewServerChecklist } from '../../main/backup/new-server.js';
import { runCli } from '../../main/cli/run.js';
import { formatMessage, message } from '../../shared/message.js';
import type { BackupReport } from '../../shared/backup-report.js';
import { tempSampleBackup } from './temp-zip.js';

const GO = { name: 'config/go', data: '#!/bin/bash\n# Start the Management Utility\n/usr/local/sbin/emhttp\n' };

function releaseZip(version: string, config: { name: string; data: string }[] = [GO]): string {
  return tempSampleBackup({ version, omit: ['config/'], entries: config });
}

function sections(report: BackupReport): { id: string; items: string[] }[] {
  return report.checklist.map(({ id, items }) => ({ id, items: items.map(formatMessage) }));
}

describe('a release zip', () => {
  it('is reported as a release of its version, named as Unraid names a new server, with a new server’s checklist', async () => {
    const report = await inspectBackup(releaseZip('7.2.1'));
    expect(report).toMatchObject({ kind: 'release', ok: true, osVersion: '7.2.1', serverName: 'Tower' });
    expect(sections(report)).toEqual([
      { id: 'new-open', items: ['http://tower.local'] },
      { id: 'new-root-password', items: ['root'] },
      { id: 'new-registration', items: ['Free trial', 'Licence key'] },
      { id: 'new-array', items: ['Array and pools'] },
      { id: 'new-flash-backup', items: ['Unraid Connect flash backup'] },
    ]);
  });

  it('with the release’s default ident.cfg and network.cfg is still a release; 7.3 adds the TPM note', async () => {
    const report = await inspectBackup(releaseZip('7.3.0', [GO, { name: 'config/ident.cfg', data: 'NAME="Tower"\r\n' }, { name: 'config/network.cfg', data: 'USE_DHCP="yes"\r\n' }]));
    expect(report.kind).toBe('release');
    expect(report.checklist.map((section) => section.id)).toContain('new-tpm');
    expect(report.checklist.map((section) => section.id)).not.toContain('license-tpm-or-flash');
  });

  it('is a backup as soon as config/ holds anything of a server’s', async () => {
    const report = await inspectBackup(releaseZip('7.2.1', [GO, { name: 'config/disk.cfg', data: 'startArray="yes"\r\n' }]));
    expect(report.kind).toBe('backup');
    expect(report.checklist.map((section) => section.id)).toEqual(['flash-backup']);
    const backup = await inspectBackup(tempSampleBackup());
    expect(backup.kind).toBe('backup');
    expect(backup.checklist.map((section) => section.id)).toContain('license');
  });

  it('is told apart by inspect, which speaks of installing, not of Replace Key or a flash backup to turn on again', async () => {
    let text = '';
    const stdout = new Writable({ write: (chunk: Buffer, _encoding, done) => { text += chunk.toString(); done(); } });
    const code = await runCli(['inspect', releaseZip('7.2.1')], { stdout, stderr: stdout });
    expect(code).toBe(0);
    expect(text).toContain('This is an Unraid release: it makes a new server');
    expect(text).toContain('7.2.1 (released');
    expect(text).toContain("Tower (the release's default");
    expect(text).toContain('http://tower.local');
    expect(text).not.toMatch(/Replace Key|turn it on again|unknown \(no NAME/);
  });
});

describe('the new server’s checklist', () => {
  it('names the server’s address, the Wi-Fi network whose password waits to be encrypted, and every section has its sentence', () => {
    const checklist = buildNewServerChecklist({ serverName: 'NAS1', address: '192.168.1.50', osVersion: '7.3.1', wifiNetwork: 'Home Wi-Fi' });
    expect(checklist.map(({ id, items }) => ({ id, items: items.map(formatMessage) }))).toEqual([
      { id: 'new-open', items: ['http://nas1.local', 'http://192.168.1.50'] },
      { id: 'new-root-password', items: ['root'] },
      { id: 'new-registration', items: ['Free trial', 'Licence key'] },
      { id: 'new-array', items: ['Array and pools'] },
      { id: 'new-wifi', items: ['Home Wi-Fi'] },
      { id: 'new-tpm', items: ['TPM or flash drive'] },
      { id: 'new-flash-backup', items: ['Unraid Connect flash backup'] },
    ]);
    for (const { id } of checklist) expect(formatMessage(message(`checklist.title.${id}`)).length).toBeGreaterThan(40);
    expect(formatMessage(message('checklist.title.new-wifi'))).toContain('plain text');
  });
});
