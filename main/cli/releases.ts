// flash-creator releases [--next] [--json]: what can be installed, from Unraid's release list
// (FLASH_CREATOR_RELEASES sets another address): version, date, size, and whether it is cached.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { englishList, formatBytes } from '../../shared/format.js';
import { formatMessage } from '../../shared/message.js';
import { cacheDirectory } from '../releases/cache.js';
import { FeedError } from '../releases/feed.js';
import { feedAddress, fetchReleases } from '../releases/fetch-feed.js';
import { environmentProxy } from '../releases/proxy.js';
import { EXIT_OK, EXIT_PROBLEMS, parseCommandLine, type Command, type CommandUsage } from './io.js';
import { jsonText } from './json.js';

export const usage: CommandUsage = {
  summary: 'lists the Unraid releases that can be installed (flash-creator install --release).',
  forms: ['[--next] [--json]'],
  options: [
    ['--next', 'also the Next releases: betas and release candidates, which are test versions'],
    ['--json', 'print the list as exactly one JSON object'],
  ],
  examples: ['flash-creator releases --next'],
};

export const run: Command = async (args, io) => {
  const { values } = parseCommandLine({ args, options: { next: { type: 'boolean' }, json: { type: 'boolean' } } });
  const address = feedAddress();
  let releases;
  try {
    releases = await fetchReleases(address, { proxy: environmentProxy });
  } catch (error) {
    if (!(error instanceof FeedError)) throw error;
    io.stderr.write(`${formatMessage(error.reason)}\n`);
    return EXIT_PROBLEMS;
  }
  const cache = cacheDirectory();
  const shown = releases.filter((release) => values.next || !release.next).map((release) => ({ ...release, cached: existsSync(join(cache, release.fileName)) }));
  if (values.json) {
    io.stdout.write(`${jsonText({ feed: address, cache, releases: shown })}\n`);
    return EXIT_OK;
  }
  const rows = shown.map((r) => [
    r.version, r.releaseDate ?? '', r.downloadBytes === null ? '' : formatBytes(r.downloadBytes),
    englishList([r.next ? 'test version (Next)' : '', r.cached ? 'cached' : '', r.sha256 ? '' : 'no SHA-256 in the list'].filter(Boolean)),
  ]);
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length), 0));
  io.stdout.write(`Releases from ${address}:\n`);
  for (const row of rows) io.stdout.write(`  ${row.slice(0, 3).map((cell, column) => cell.padEnd(widths[column]!)).join('  ')}  ${row[3]}`.trimEnd() + '\n');
  if (shown.length === 0) io.stdout.write('  (none)\n');
  return EXIT_OK;
};
