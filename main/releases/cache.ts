// Where downloaded releases are kept, how many, and whether there is room: the OS's cache folder
// (FLASH_CREATOR_CACHE overrides), at most a few releases, and never so much that the disk fills.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, rm, stat, statfs } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

export const CACHE_ENV = 'FLASH_CREATOR_CACHE';
/** Releases kept; older ones are deleted when a new one is cached. */
export const KEEP_RELEASES = 2;
/** What must stay free beside a download (the official creator does not cache below 5 GB free). */
export const DEFAULT_RESERVE_BYTES = 2 * 2 ** 30;

/** Linux $XDG_CACHE_HOME/flash-creator or ~/.cache/flash-creator, macOS ~/Library/Caches/flash-creator, Windows %LOCALAPPDATA%\flash-creator\Cache. */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  const override = env[CACHE_ENV];
  if (override) return resolve(override);
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'flash-creator');
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'flash-creator', 'Cache');
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.cache'), 'flash-creator');
}

/** Bytes the current user may still write in `folder`'s filesystem. */
export async function freeBytes(folder: string): Promise<number> {
  const fs = await statfs(folder);
  return fs.bavail * fs.bsize;
}

/** The SHA-256 of a file, read in large chunks. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The size of a file, or 0 when there is none. */
export async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/** Deletes all but the newest KEEP_RELEASES zips and every unfinished download but `keep`'s. */
export async function pruneCache(folder: string, keep: string): Promise<void> {
  const entries = await readdir(folder, { withFileTypes: true });
  const zips: { name: string; mtime: number }[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || entry.name === keep) continue;
    if (entry.name.endsWith('.part') && entry.name !== `${keep}.part`) await rm(join(folder, entry.name), { force: true });
    else if (entry.name.toLowerCase().endsWith('.zip')) zips.push({ name: entry.name, mtime: (await stat(join(folder, entry.name))).mtimeMs });
  }
  zips.sort((a, b) => b.mtime - a.mtime);
  for (const old of zips.slice(KEEP_RELEASES - 1)) await rm(join(folder, old.name), { force: true });
}
