// The backups opened in this session, by id: the renderer names a backup by the id it was given,
// and the write re-reads the zip from the path kept here. Opening reads the zip's directory, its
// small config files, and the bz* images against their .sha256 files (as Unraid checks them at
// boot); the other bytes are checked (CRC-32) as they are written.
import { buffer } from 'node:stream/consumers';
import type { BackupSettings, OpenedBackup } from '../../shared/ipc.js';
import { ArchiveError } from '../backup/archive.js';
import { serverName } from '../backup/config-facts.js';
import { MAX_TEXT_BYTES } from '../backup/content.js';
import { ItemIndex } from '../backup/item-index.js';
import { inspectBackup, readBackup, type Backup } from '../backup/read-backup.js';
import { IDENT_CFG, NETWORK_CFG, readNetworkSettings } from '../backup/config-edits.js';
import { neededDriveBytes } from './needed-bytes.js';

export interface ShelvedBackup {
  readonly opened: OpenedBackup;
  readonly zipPath: string;
  /** An encrypted backup's passphrase, held only in memory, for the write to read it again. */
  readonly passphrase?: string;
}

const NO_SETTINGS: BackupSettings = { uefi: false, uefiSwitchable: false, serverName: null, network: null, bootLabel: null };

export class BackupShelf {
  private readonly backups = new Map<string, ShelvedBackup>();
  private nextId = 1;

  async open(zipPath: string, passphrase?: string): Promise<ShelvedBackup> {
    const backupId = `backup-${this.nextId++}`;
    const shelved = { zipPath, opened: await read(zipPath, backupId, passphrase), ...(passphrase === undefined ? {} : { passphrase }) };
    this.backups.set(backupId, shelved);
    return shelved;
  }

  get(backupId: string): ShelvedBackup | undefined {
    return this.backups.get(backupId);
  }
}

async function read(zipPath: string, backupId: string, passphrase: string | undefined): Promise<OpenedBackup> {
  let backup: Backup;
  try {
    // The boot images are checked as rc.S checks them, so a backup that would not boot is told at once.
    backup = await readBackup(zipPath, { checkBeforeWrite: true, passphrase });
  } catch (error) {
    if (!(error instanceof ArchiveError)) throw error;
    // Not readable as a zip at all: the report says why, in the reader's own words.
    return { backupId, report: await inspectBackup(zipPath, { passphrase }), neededBytes: null, settings: NO_SETTINGS };
  }
  try {
    const { report, items } = backup;
    if (!report.ok) return { backupId, report, neededBytes: null, settings: NO_SETTINGS };
    return { backupId, report, neededBytes: neededDriveBytes(items), settings: await settingsOf(backup) };
  } finally {
    backup.archive.close();
  }
}

async function settingsOf(backup: Backup): Promise<BackupSettings> {
  const ident = await configText(backup, IDENT_CFG);
  const network = await configText(backup, NETWORK_CFG);
  return {
    uefi: backup.report.boot.uefi === 'enabled',
    uefiSwitchable: backup.report.boot.uefi !== 'absent',
    serverName: ident === undefined ? null : serverName(ident),
    network: network === undefined ? null : readNetworkSettings(network),
    bootLabel: backup.report.boot.appendLines > 0 ? backup.report.boot.label : null,
  };
}

/** A small config file's text; undefined when it is missing, large or unreadable (the report names damage). */
export async function configText(backup: Pick<Backup, 'items' | 'archive'>, path: string): Promise<string | undefined> {
  const item = new ItemIndex(backup.items).file(path);
  if (!item || item.size > MAX_TEXT_BYTES) return undefined;
  try {
    return (await buffer(await backup.archive.openEntry(item.entry))).toString('utf8');
  } catch (error) {
    if (error instanceof ArchiveError) return undefined;
    throw error;
  }
}
