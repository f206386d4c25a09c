// Imports run down the layers, never up and never in a circle (GUIDE: front doors → app-core/cli →
// writer → flash → verify → disk → backup/drives → checksum/shared; backup-maker, which reads an old
// flash into a zip, sits beside flash, which writes one; fat, the FAT reader verify and
// backup-maker share, beside backup; repair, which judges a flash and plans its repair on the same stick, beside writer). Read from the source itself:
// every import, export-from and import() in main/ and shared/, type-only ones included.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Top first; a file may import its own layer and the ones below it. */
const LAYERS: readonly (readonly string[])[] = [
  ['main/app', 'main/harness', 'main/cli.ts'],
  ['main/app-core', 'main/cli'],
  ['main/writer', 'main/repair'],
  ['main/flash', 'main/backup-maker', 'main/probe'],
  ['main/verify'],
  ['main/disk'],
  ['main/backup', 'main/drives', 'main/fat', 'main/licence', 'main/releases', 'main/system'],
  ['main/checksum', 'shared'],
];

/** The part a file belongs to (main/disk, shared, main/cli.ts) and that part's layer. */
function partOf(file: string): { part: string; layer: number } {
  for (const [layer, parts] of LAYERS.entries()) {
    const part = parts.find((prefix) => file === prefix || file.startsWith(`${prefix}/`));
    if (part !== undefined) return { part, layer };
  }
  throw new Error(`${file} is in no layer: add its folder to LAYERS`);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Each file's imports of other project files, as project paths. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of [...sourceFiles('main'), ...sourceFiles('shared')]) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
    const targets = importedFiles
      .map(({ fileName }) => fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => relative(ROOT, resolve(ROOT, dirname(file), name)).replace(/\.js$/, '.ts'));
    graph.set(file, targets);
  }
  return graph;
}

/** Every import that climbs to a higher layer, as "from → to". */
function upwardImports(graph: ReadonlyMap<string, readonly string[]>): string[] {
  return [...graph].flatMap(([file, targets]) =>
    targets.filter((target) => partOf(target).layer < partOf(file).layer).map((target) => `${file} → ${target}`));
}

/** Every circle of imports (a strongly connected set of more than one file, or a file importing itself). */
function importCircles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's algorithm, iterative enough for a tree of a few hundred files.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  let next = 0;
  const visit = (file: string): void => {
    index.set(file, next);
    low.set(file, next++);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const members: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      members.push(member);
    } while (member !== file);
    if (members.length > 1 || (graph.get(file) ?? []).includes(file)) circles.push(members.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return circles;
}

/** The same graph between parts (main/disk, main/cli, …): two parts of one layer must not lean on each other either. */
function partGraph(graph: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const parts = new Map<string, Set<string>>();
  for (const [file, targets] of graph) {
    const from = partOf(file).part;
    const set = parts.get(from) ?? new Set<string>();
    for (const target of targets) if (partOf(target).part !== from) set.add(partOf(target).part);
    parts.set(from, set);
  }
  return new Map([...parts].map(([part, targets]) => [part, [...targets]]));
}

describe('layers of main/ and shared/', () => {
  const graph = importGraph();

  it('reads the imports it judges', () => {
    expect(graph.get('main/cli/run.ts')).toContain('main/cli/io.ts');
    expect(graph.get('main/cli/run.ts')).toContain('main/cli/inspect.ts'); // import()
    expect([...graph.keys()].every((file) => partOf(file))).toBe(true);
  });

  it('has no import running up a layer', () => {
    expect(upwardImports(graph)).toEqual([]);
  });

  it('has no two files importing each other, directly or round a circle', () => {
    expect(importCircles(graph)).toEqual([]);
  });

  it('has no two parts leaning on each other', () => {
    expect(importCircles(partGraph(graph))).toEqual([]);
  });

  it('catches what it is for', () => {
    const bad = new Map([
      ['main/backup/a.ts', ['main/disk/b.ts']],
      ['main/disk/b.ts', ['main/disk/c.ts']],
      ['main/disk/c.ts', ['main/disk/b.ts']],
    ]);
    expect(upwardImports(bad)).toEqual(['main/backup/a.ts → main/disk/b.ts']);
    expect(importCircles(bad)).toEqual([['main/disk/b.ts', 'main/disk/c.ts']]);
  });
});
