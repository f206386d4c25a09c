// A back-up of a flash made to attack it: long names patched in the FAT image to hold '/', '\',
// ':', a control character and '..' (no FAT writer makes them), and a WireGuard config too large
// to read whole; and a mounted folder holding such names ('..\..\evil.cfg'), and nested too deep.
// The back-up still completes: each such entry is named as not backed up, with why, in the result
// and the zip's comment; no zip entry carries such a name (none can reach outside its folder when
// unpacked); every other file is in the zip.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fatNameProblem } from '../../main/backup/fat-names.js';
import { filesInFolder } from '../../main/backup-maker/flash-files.js';
import { fileDestination } from '../../main/backup-maker/zip-destination.js';
import { backupFlash } from '../../main/backup-maker/flash-source.js';
import { unreadInEnglish, writeBackup, type Unread } from '../../main/backup-maker/write-backup.js';
import { openImageSource } from '../../main/fat/byte-source.js';
import { MAX_FOLDER_DEPTH } from '../../main/fat/walk.js';
import { formatMessage } from '../../shared/message.js';
import { makeFatImage, Mtools, useLikeAFlash } from '../fixtures/fat-images.js';
import { patchLongName } from '../fixtures/hostile-fat.js';

let work: string;
let imagePath: string;

/** Each file not backed up, with why in English. */
const inEnglish = (missing: readonly Unread[]) => missing.map((unread) => ({ path: unread.path, detail: unreadInEnglish(unread).slice(unread.path.length + 2) }));

const WIREGUARD = '[Interface]\nPrivateKey=aGVsbG8gd29ybGQgaGVsbG8gd29ybGQgaGVsbG8gd28=\nListenPort=51820\n';

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'hostile-flash-'));
  const image = await makeFatImage(join(work, 'stick.img'), { fatBits: 32, partitioned: true });
  const tools = new Mtools(image, join(work, 'stage'));
  await useLikeAFlash(tools, 512);
  for (const folder of ['config/wireguard', 'config/xY']) await tools.mkdir(folder);
  await tools.put('config/Aa_b1 evil name.cfg', Buffer.from('slash'));
  await tools.put('config/Bb_c2 evil name.cfg', Buffer.from('backslash'));
  await tools.put('config/Cc_d3 evil name.cfg', Buffer.from('colon'));
  await tools.put('config/Dd_e4 evil name.cfg', Buffer.from('bell'));
  await tools.put('config/xY/hidden.cfg', Buffer.from('in a folder named ..'));
  await tools.put('config/wireguard/wg0.conf', Buffer.concat([Buffer.from(WIREGUARD), Buffer.alloc(1024 * 1024, '#')]));
  await tools.put('config/wireguard/wg1.conf', Buffer.from(WIREGUARD));
  await patchLongName(image.path, 'Aa_b1', 'Aa/b1');
  await patchLongName(image.path, 'Bb_c2', 'Bb\\c2');
  await patchLongName(image.path, 'Cc_d3', 'Cc:d3');
  await patchLongName(image.path, 'Dd_e4', 'Dd\x07e4');
  await patchLongName(image.path, 'xY\0', '..\0');
  imagePath = image.path;
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('a back-up of a flash with names no FAT writer makes and an oversize WireGuard config', () => {
  it('completes, names each entry it did not back up and why, and stores every other file', async () => {
    const outPath = join(work, 'backup.zip');
    const source = await openImageSource(imagePath);
    const outcome = await backupFlash(source, { destination: fileDestination(outPath), withoutSecrets: true, purpose: 'backup', comment: 'hostile' }).finally(() => source.close());
    if (outcome.status !== 'backed-up') throw new Error(`the back-up did not complete: ${JSON.stringify(outcome)}`);
    const notRead = (why: string) => `${why}; no FAT writer makes such a name, so it is not read.`;
    expect(outcome.result.missing).toHaveLength(6);
    expect(inEnglish(outcome.result.missing)).toEqual(expect.arrayContaining([
      { path: 'config/..', detail: notRead('“..” is not a name') },
      { path: 'config/Aa{U+002F}b1 evil name.cfg', detail: notRead('the name contains “/”, which FAT does not allow') },
      { path: 'config/Bb{U+005C}c2 evil name.cfg', detail: notRead('the name contains “\\”, which FAT does not allow') },
      { path: 'config/Cc{U+003A}d3 evil name.cfg', detail: notRead('the name contains “:”, which FAT does not allow') },
      { path: 'config/Dd{U+0007}e4 evil name.cfg', detail: notRead('the name contains a control character (code 7)') },
      { path: 'config/wireguard/wg0.conf', detail: 'it is larger than 1.0 MB, more than a configuration file holds, so it was not read to blank its keys.' },
    ]));
    expect(outcome.result.keysBlanked).toEqual(['config/wireguard/wg1.conf']);

    const names = execFileSync('zipinfo', ['-1', outPath]).toString('utf8').split('\n').filter(Boolean);
    for (const name of names) {
      expect(name.replace(/\/$/, '').split('/').map(fatNameProblem).filter(Boolean), name).toEqual([]);
    }
    expect(names).toEqual(expect.arrayContaining(['bzimage', 'bzroot', 'config/go', 'config/wireguard/wg1.conf', 'config/plugins/My Plugin.plg']));
    expect(names.filter((name) => /evil|hidden|wg0|U\+/.test(name))).toEqual([]);
    const comment = execFileSync('unzip', ['-z', outPath]).toString('utf8');
    expect(comment).toContain('INCOMPLETE: 6 file(s) could not be read from the source and are not in this zip:');
    expect(comment).toContain('config/wireguard/wg0.conf: it is larger than 1.0 MB');
  });

  it('from a mounted folder, the same: what the OS shows with such names, or nested too deep, is named and not backed up', async () => {
    const root = join(work, 'mounted');
    const deep = ['config', ...Array.from({ length: MAX_FOLDER_DEPTH + 1 }, () => 'd')].join('/');
    await mkdir(join(root, 'config', 'wireguard'), { recursive: true });
    await mkdir(join(root, deep), { recursive: true });
    const files: Record<string, string | Buffer> = {
      'bzimage': 'kernel',
      'bzroot': 'root',
      'config/go': '#!/bin/bash\n',
      'config/..\\..\\evil.cfg': 'backslashes',
      'config/a:b.cfg': 'colon',
      'config/star*.cfg': 'star',
      'config/bell\x07.cfg': 'bell',
      [`${deep}/deepest.cfg`]: 'too deep',
      'config/wireguard/wg0.conf': Buffer.concat([Buffer.from(WIREGUARD), Buffer.alloc(1024 * 1024, '#')]),
    };
    for (const [path, content] of Object.entries(files)) await writeFile(join(root, path), content);
    const flash = await filesInFolder(root);
    if ('problem' in flash) throw new Error(formatMessage(flash.problem));
    const outPath = join(work, 'folder.zip');
    const result = await writeBackup(flash.files, outPath, { withoutSecrets: true, comment: 'hostile folder' });
    const notRead = (why: string) => `${why}; no FAT writer makes such a name, so it is not read.`;
    expect(result.missing).toHaveLength(6);
    expect(inEnglish(result.missing)).toEqual(expect.arrayContaining([
      { path: 'config/..{U+005C}..{U+005C}evil.cfg', detail: notRead('the name contains “\\”, which FAT does not allow') },
      { path: 'config/a{U+003A}b.cfg', detail: notRead('the name contains “:”, which FAT does not allow') },
      { path: 'config/star{U+002A}.cfg', detail: notRead('the name contains “*”, which FAT does not allow') },
      { path: 'config/bell{U+0007}.cfg', detail: notRead('the name contains a control character (code 7)') },
      { path: deep.slice(0, -'/d'.length), detail: 'it lies more than 64 folders deep, so nothing in it is read.' },
      { path: 'config/wireguard/wg0.conf', detail: 'it is larger than 1.0 MB, more than a configuration file holds, so it was not read to blank its keys.' },
    ]));
    const names = execFileSync('zipinfo', ['-1', outPath]).toString('utf8').split('\n').filter(Boolean);
    for (const name of names) {
      expect(name.replace(/\/$/, '').split('/').map(fatNameProblem).filter(Boolean), name).toEqual([]);
    }
    expect(names).toEqual(expect.arrayContaining(['bzimage', 'bzroot', 'config/go']));
    expect(names.filter((name) => /evil|a:b|star|bell|deepest|wg0|U\+/.test(name))).toEqual([]);
  });
});
