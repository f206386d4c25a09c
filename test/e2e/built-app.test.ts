// What `npm start` needs from the build, checked without the Electron binary (it cannot be
// downloaded here): the main process beside the renderer and the preload it names, a preload a
// sandboxed renderer can load, and a renderer page that loads only its own files.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dist = 'dist';

describe('the built app', () => {
  it('has the main process, the renderer and the preload where main.ts looks for them', () => {
    const main = readFileSync(join('main', 'app', 'main.ts'), 'utf8');
    expect(main).toContain("const dist = join(dirname(fileURLToPath(import.meta.url)), '..', '..');");
    expect(main).toContain("const RENDERER_DIR = join(dist, 'renderer');");
    expect(main).toContain("const PRELOAD = join(dist, 'preload', 'preload.cjs');");
    for (const file of ['main/app/main.js', 'renderer/index.html', 'preload/preload.cjs']) expect(existsSync(join(dist, file)), file).toBe(true);
    expect(JSON.parse(readFileSync('package.json', 'utf8')).scripts.start).toBe('npm run build && electron dist/main/app/main.js');
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
});
