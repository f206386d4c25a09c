// A zip's files as a flash's files (FlashFile), so that a repair reads its saved back-up zip, and a
// release zip, the way a backup reads a flash: each entry's bytes streamed on demand, its DOS time
// kept. Entries under one top folder (as Connect's backups have them) count from inside it; the
// folders an entry lies in are listed before it even when the zip has no entry of their own.
import { Readable } from 'node:stream';
import type { FlashFile } from '../backup-maker/flash-files.js';
import { yauzl, type Entry, type ZipFile } from '../backup/yauzl.js';

export interface ZipFiles {
  /** Folders before what they hold. */
  readonly files: readonly FlashFile[];
  close(): void;
}

export async function filesInZip(zipPath: string): Promise<ZipFiles> {
  const zip = await new Promise<ZipFile>((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (error, opened) => (error ? reject(error) : resolve(opened)));
  });
  const entries: Entry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', resolve);
    zip.once('error', reject);
    zip.readEntry();
  });
  const top = commonTopFolder(entries.map((entry) => entry.fileName));
  const files: FlashFile[] = [];
  const folders = new Set<string>();
  const folder = (path: string, entry: Entry): void => {
    if (path === '' || folders.has(path.toLowerCase())) return;
    folder(path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '', entry);
    folders.add(path.toLowerCase());
    files.push({ path, kind: 'directory', size: 0, dosDate: entry.lastModFileDate, dosTime: entry.lastModFileTime, chunks: () => Readable.from([]) });
  };
  for (const entry of entries) {
    const path = entry.fileName.slice(top.length).replace(/\/$/, '');
    if (path === '') continue;
    if (entry.fileName.endsWith('/')) {
      folder(path, entry);
      continue;
    }
    folder(path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '', entry);
    files.push({
      path,
      kind: 'file',
      size: entry.uncompressedSize,
      dosDate: entry.lastModFileDate,
      dosTime: entry.lastModFileTime,
      chunks: () => entryChunks(zip, entry),
    });
  }
  return { files, close: () => zip.close() };
}

/** "Tower-flash-backup/" when every entry lies under that one folder; '' otherwise. */
function commonTopFolder(names: readonly string[]): string {
  const first = names[0]?.split('/')[0];
  if (first === undefined || names.some((name) => !name.startsWith(`${first}/`))) return '';
  return `${first}/`;
}

/**
 * The entry's bytes. A reader that stops early (a sample of the first bytes) leaves the stream to
 * run out on its own: destroyed while a read of it waits its turn, yauzl's stream throws outside
 * any handler (fd-slicer reads through the context its clean-up has taken away).
 */
async function* entryChunks(zip: ZipFile, entry: Entry): AsyncIterable<Buffer> {
  const stream = await new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (error, opened) => (error ? reject(error) : resolve(opened))));
  let ended = false;
  try {
    for await (const chunk of stream.iterator({ destroyOnReturn: false })) yield chunk as Buffer;
    ended = true;
  } finally {
    if (!ended && !stream.destroyed) stream.resume();
  }
}
