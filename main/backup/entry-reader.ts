// Reads entries for the report: as text, their first line, or to the end (the deep check). An entry
// that cannot be read is recorded as a problem and reads as undefined, so one damaged file never
// stops the inspection.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { BackupProblem } from '../../shared/problems.js';
import { ArchiveError, type Archive } from './archive.js';
import { archiveProblem } from './archive-problems.js';
import type { FileItem } from './item-index.js';

/** Config files are small (Unraid Connect leaves out any over 10 MB); a larger one is not read for facts. */
export const MAX_TEXT_BYTES = 1024 * 1024;
const MAX_FIRST_LINE = 4096;

export class EntryReader {
  readonly problems: BackupProblem[] = [];

  constructor(private readonly archive: Archive) {}

  /** The whole entry as UTF-8; undefined when it is missing, larger than maxBytes or damaged. */
  async text(item: FileItem | undefined, maxBytes = MAX_TEXT_BYTES): Promise<string | undefined> {
    if (!item || item.size > maxBytes) return undefined;
    return this.attempt(item, async (stream) => (await buffer(stream)).toString('utf8'));
  }

  /** The whole entry as bytes; undefined when it is larger than maxBytes or damaged. */
  async bytes(item: FileItem, maxBytes: number): Promise<Buffer | undefined> {
    if (item.size > maxBytes) return undefined;
    return this.attempt(item, buffer);
  }

  /** Only the first line: the rest (changes.txt is long) is neither read nor verified. */
  async firstLine(item: FileItem): Promise<string | undefined> {
    return this.attempt(item, async (stream) => {
      let start = '';
      for await (const chunk of stream) {
        start += (chunk as Buffer).toString('utf8');
        if (start.includes('\n') || start.length >= MAX_FIRST_LINE) break;
      }
      return start.split(/\r?\n/)[0] ?? '';
    });
  }

  /** Reads the entry to its end, which verifies its size and CRC-32; returns its SHA-256 (hex) when asked. */
  async unpack(item: FileItem, sha256: boolean): Promise<{ sha256?: string } | undefined> {
    return this.recorded(async () => {
      const digest = sha256 ? createHash('sha256') : undefined;
      await this.archive.scanEntry(item.entry, (bytes) => digest?.update(bytes));
      return { sha256: digest?.digest('hex') };
    });
  }

  /** Checks an encrypted entry's authentication code over all its bytes, without decrypting them (Archive.authenticate). */
  async authenticate(item: FileItem): Promise<void> {
    await this.recorded(() => this.archive.authenticate(item.entry));
  }

  private attempt<T>(item: FileItem, read: (stream: Readable) => Promise<T>): Promise<T | undefined> {
    return this.recorded(async () => read(await this.archive.openEntry(item.entry)));
  }

  /** What `work` gives, or undefined when the entry could not be read, recorded as a problem. */
  private async recorded<T>(work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof ArchiveError)) throw error;
      this.problems.push(archiveProblem(error, this.archive.path));
      return undefined;
    }
  }
}
