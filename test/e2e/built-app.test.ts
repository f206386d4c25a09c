// What `npm start` needs from the build, checked without the Electron binary (it cannot be
// downloaded here): the main process beside the renderer and the preload it names, a preload a
// sandboxed renderer can load, and a renderer page that loads only its own files.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUES } from '../../renderer/i18n/catalogues.js';

const dist = 'dist';

describe('the built app', () => {
  it('has the main process `electron .` starts, and the renderer and preload beside it', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { main: string; scripts: Record<string, string> };
    // npm start runs scripts/start.ts, which gets Electron's binary if need be and runs `electron .`.
    expect(pkg.scripts.start).toMatch(/&& tsx scripts\/start\.ts$/);
    expect(readFileSync('scripts/start.ts', 'utf8')).toContain("[join(electronDir, 'cli.js'), '.']");
    expect(existsSync(pkg.main), pkg.main).toBe(true);
    expect(pkg.main).toBe(join(dist, 'main', 'app', 'main.js'));
    for (const file of ['renderer/index.html', 'preload/preload.cjs']) expect(existsSync(join(dist, file)), file).toBe(true);
  });

  it('has a preload that is one CommonJS file needing nothing but electron', () => {
    const preload = readFileSync(join(dist, 'preload', 'preload.cjs'), 'utf8');
    execFileSync(process.execPath, ['--check', join(dist, 'preload', 'preload.cjs')]);
    expect([...preload.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1])).toEqual(['electron']);
    expect(preload).not.toMatch(/^\s*(import|export)\s/m);
    expect(preload).toContain('exposeInMainWorld');
  });

  it('has a renderer page that loads only its own script and style, by relative paths', () => {
    const html = readFileSync(join(dist, 'renderer', 'index.html'), 'utf8');
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(sources.length).toBeGreaterThanOrEqual(3);
    for (const source of sources) {
      expect(source, source).toMatch(/^\.\//);
      expect(existsSync(join(dist, 'renderer', source)), source).toBe(true);
    }
    expect(html).toContain('http-equiv="Content-Security-Policy"');
  });

  it('has every language’s words in the renderer', () => {
    const html = readFileSync(join(dist, 'renderer', 'index.html'), 'utf8');
    const script = [...html.matchAll(/src="\.\/(assets\/[^"]+\.js)"/g)].map((match) => readFileSync(join(dist, 'renderer', match[1]!), 'utf8')).join('\n');
    for (const [language, catalogue] of Object.entries(CATALOGUES)) {
      const words = catalogue['done'];
      const heading = typeof words === 'object' ? words['heading'] : undefined;
      expect(typeof heading, language).toBe('string');
      expect(script, language).toContain(heading);
    }
  });
});
