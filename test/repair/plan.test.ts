// What a repair rewrites the stick with, as data: a roll back as Unraid's Downgrade OS does it
// (the running bz files go, previous/* comes back over the root), and bz files from a release zip.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { FlashFile } from '../../main/backup-maker/flash-files.js';
import { repairedFiles, replacedByRepair } from '../../main/repair/plan.js';

function file(path: string, content = path): FlashFile {
  return { path, kind: 'file', size: content.length, dosDate: 0, dosTime: 0, chunks: () => Readable.from([Buffer.from(content)]) };
}

function folder(path: string): FlashFile {
  return { path, kind: 'directory', size: 0, dosDate: 0, dosTime: 0, chunks: () => Readable.from([]) };
}

async function contents(files: readonly FlashFile[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of files) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry.chunks()) chunks.push(chunk);
    out[entry.path] = entry.kind === 'directory' ? '/' : Buffer.concat(chunks).toString();
  }
  return out;
}

const FLASH = [
  file('bzimage', 'new kernel'), file('bzroot', 'new root'), file('bzroot.sha256', 'new hash'), file('changes.txt', '# Version 7.1.0'),
  file('license.txt', 'licence'), folder('config'), file('config/go', 'go'), folder('previous'), file('previous/bzimage', 'old kernel'),
  file('previous/bzroot', 'old root'), file('previous/bzroot.sha256', 'old hash'), file('previous/changes.txt', '# Version 7.0.0'),
  folder('syslinux'), file('syslinux/syslinux.cfg', 'cfg'),
];

describe('the files a repair writes', () => {
  it('keeps every file as it was when nothing is asked but a clean rewrite', async () => {
    const repaired = repairedFiles(FLASH, { rollback: false, replacements: [] });
    expect(await contents(repaired.files)).toEqual(await contents(FLASH));
    expect(repaired.changed).toEqual([]);
  });

  it('rolls back: the running bz files go, everything in previous/ comes back to the root, previous/ stays empty, config/ is untouched', async () => {
    const flash = [...FLASH, file('bzmodules', 'only in the new release')];
    const repaired = repairedFiles(flash, { rollback: true, replacements: [] });
    expect(await contents(repaired.files)).toEqual({
      'bzimage': 'old kernel', 'bzroot': 'old root', 'bzroot.sha256': 'old hash', 'changes.txt': '# Version 7.0.0', 'license.txt': 'licence',
      'config': '/', 'config/go': 'go', 'previous': '/', 'syslinux': '/', 'syslinux/syslinux.cfg': 'cfg',
    });
    expect(repaired.changed.map(({ path, from }) => `${path} ${from}`).sort()).toEqual(['bzimage previous', 'bzroot previous', 'bzroot.sha256 previous', 'changes.txt previous']);
    expect(repaired.files.findIndex((entry) => entry.path === 'config')).toBeLessThan(repaired.files.findIndex((entry) => entry.path === 'config/go'));
    expect(replacedByRepair('BZROOT', { rollback: true, replacements: [] })).toBe(true);
    expect(replacedByRepair('config/bzthing', { rollback: true, replacements: [] })).toBe(false);
  });

  it('replaces bz files from a release zip, whatever the case of their names on the flash', async () => {
    const flash = FLASH.map((entry) => (entry.path === 'bzroot' ? file('BZROOT', 'bad root') : entry));
    const request = { rollback: false, replacements: [file('bzroot', 'good root'), file('bzroot.sha256', 'good hash')] };
    const repaired = repairedFiles(flash, request);
    const after = await contents(repaired.files);
    expect([after['bzroot'], after['bzroot.sha256'], after['BZROOT'], after['previous/bzroot']]).toEqual(['good root', 'good hash', undefined, 'old root']);
    expect(repaired.changed).toEqual([{ path: 'bzroot', from: 'release-zip' }, { path: 'bzroot.sha256', from: 'release-zip' }]);
    expect(replacedByRepair('BZROOT', request)).toBe(true);
    expect(replacedByRepair('bzimage', request)).toBe(false);
  });
});
