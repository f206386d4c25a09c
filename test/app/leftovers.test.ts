// What a crash leaves holding a flash's secrets (a copy's staging folder, a back-up's partial zip)
// is removed at the next start, on real files; a path swapped for a link loses the link only.
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Leftovers } from '../../main/app-core/leftovers.js';
import { fileDestination } from '../../main/backup-maker/zip-destination.js';

let folder: string;
beforeEach(() => void (folder = mkdtempSync(join(tmpdir(), 'leftovers-'))));
afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('Leftovers', () => {
  it('removes at the next start what a job that never ended left: a staging folder and a partial zip', async () => {
    const journal = join(folder, 'leftovers.json');
    const running = new Leftovers(journal);
    const stage = join(folder, 'flash-creator-copy-x');
    mkdirSync(stage);
    writeFileSync(join(stage, 'old-flash.zip'), 'secrets');
    running.track(stage);
    const destination = fileDestination(join(folder, 'tower.zip'), { tracker: running });
    (await destination.begin()).write('half a zip');
    // The app is killed here: nothing is discarded. The next start:
    const removed = new Leftovers(journal).removeLeftBehind();
    expect(removed).toHaveLength(2);
    expect(existsSync(stage)).toBe(false);
    expect(readFileSync(journal, 'utf8')).toBe('[]');
    expect(lstatSync(journal).mode & 0o777).toBe(0o600);
  });

  it('removes a link put in a tracked path’s place, not what it points to', () => {
    const journal = join(folder, 'leftovers.json');
    const victim = join(folder, 'victim');
    writeFileSync(victim, 'keep me');
    const tracked = join(folder, '.tower.zip.1.partial');
    new Leftovers(journal).track(tracked);
    symlinkSync(victim, tracked);
    expect(new Leftovers(journal).removeLeftBehind()).toEqual([tracked]);
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
  });

  it('forgets what a job removed itself, and starts clean without a journal', () => {
    const journal = join(folder, 'leftovers.json');
    const leftovers = new Leftovers(journal);
    leftovers.track(join(folder, 'a'));
    leftovers.forget(join(folder, 'a'));
    expect(JSON.parse(readFileSync(journal, 'utf8'))).toEqual([]);
    expect(new Leftovers(join(folder, 'none.json')).removeLeftBehind()).toEqual([]);
  });
});
