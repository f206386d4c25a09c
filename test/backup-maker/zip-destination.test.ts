// A back-up's zip file: created only where nothing has the name (a planted link is never followed),
// for its owner's eyes only (0600), renamed only when kept, and nothing left of a pass not kept.
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileDestination } from '../../main/backup-maker/zip-destination.js';

let folder: string;
beforeEach(() => void (folder = mkdtempSync(join(tmpdir(), 'zip-destination-'))));
afterEach(() => rmSync(folder, { recursive: true, force: true }));

async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  await new Promise<void>((resolve) => stream.end(text, () => resolve()));
}

describe('fileDestination', () => {
  it('keeps the last pass under the final name, 0600, and drops the others', async () => {
    const tracked: string[] = [];
    const tracker = { track: (path: string) => tracked.push(path), forget: (path: string) => tracked.splice(tracked.indexOf(path), 1) };
    const destination = fileDestination(join(folder, 'tower.zip'), { tracker });
    await write(await destination.begin(), 'first pass');
    expect(tracked).toHaveLength(1);
    await write(await destination.begin(), 'second pass');
    await destination.keep();
    await destination.discard();
    expect(readdirSync(folder)).toEqual(['tower.zip']);
    expect(readFileSync(join(folder, 'tower.zip'), 'utf8')).toBe('second pass');
    expect(statSync(join(folder, 'tower.zip')).mode & 0o777).toBe(0o600);
    expect(tracked).toEqual([]);
  });

  it('leaves nothing when the back-up is not kept', async () => {
    const destination = fileDestination(join(folder, 'tower.zip'));
    (await destination.begin()).write('half a zip');
    await destination.discard();
    expect(readdirSync(folder)).toEqual([]);
  });

  it('never opens a name something else holds: a link planted where its partial zip goes is refused, and its target untouched', async () => {
    const victim = join(folder, 'victim');
    writeFileSync(victim, 'keep me');
    const destination = fileDestination(join(folder, 'tower.zip'));
    // A partial's name is random per back-up: the first pass shows it, so the link goes where the second pass's zip will be.
    await write(await destination.begin(), 'pass one');
    const partial = readdirSync(folder).find((name) => name.endsWith('.1.partial'))!;
    symlinkSync(victim, join(folder, partial.replace('.1.partial', '.2.partial')));
    await expect(destination.begin()).rejects.toThrow(/EEXIST/);
    await destination.discard();
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    expect(lstatSync(join(folder, partial.replace('.1.partial', '.2.partial'))).isSymbolicLink()).toBe(true);
  });

  it('leaves no partial zip when the kept one cannot take its name', async () => {
    const destination = fileDestination(join(folder, 'tower.zip'));
    await write(await destination.begin(), 'a whole zip');
    // Something took the name meanwhile: a folder, which a file cannot replace.
    mkdirSync(join(folder, 'tower.zip'));
    writeFileSync(join(folder, 'tower.zip', 'keep'), '');
    await expect(destination.keep()).rejects.toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    await destination.discard();
    expect(readdirSync(folder)).toEqual(['tower.zip']);
  });

  it('says when the final name is taken', () => {
    writeFileSync(join(folder, 'tower.zip'), '');
    expect(fileDestination(join(folder, 'tower.zip')).occupied()).toBe(true);
    expect(fileDestination(join(folder, 'other.zip')).occupied()).toBe(false);
  });
});
