// What a packaged app must hold to start, as pure functions over listings: the entry points
// Electron and the writer load, every module they import (relative imports present in the
// archive, packages resolvable), and each native module as a real file outside app.asar.
// package-check.ts gathers the listings from electron-builder's output; the tests feed data.

/** The packaged app as read back: paths are '/'-separated, relative to the archive root. */
export interface PackagedTree {
  /** Every file the archive's header lists (unpacked ones included). */
  readonly archived: ReadonlySet<string>;
  /** Files the header marks as unpacked (they live in app.asar.unpacked/, not in the archive). */
  readonly markedUnpacked: ReadonlySet<string>;
  /** Files actually present under app.asar.unpacked/. */
  readonly unpackedOnDisk: ReadonlySet<string>;
}

/** Native packages the app loads at runtime: each must ship a .node for the packaged platform. */
export const NATIVE_PACKAGES = ['drivelist', '@ronomon/direct-io', 'mountutils', 'lzma-native', 'xxhash-addon', 'usb'] as const;

/**
 * Native packages whose .node ships in a second package per platform (@node-rs/crc32-linux-x64-gnu):
 * the check is that they load. The app would fall back to a slower CRC-32 without it.
 */
export const PLATFORM_NATIVE_PACKAGES = ['@node-rs/crc32'] as const;

/** Files a packaged app needs besides its main module and the renderer's assets. */
export const FIXED_ENTRY_POINTS = ['package.json', 'dist/preload/preload.cjs', 'dist/renderer/index.html', 'dist/main/cli.js'] as const;

/** The privileged writer's entry point, packaged whenever the build has one. */
export const WRITER_ENTRY = 'dist/main/writer/main.js';

/** The module Electron starts, from the packaged package.json's "main". */
export function mainModule(packageJson: string): string | undefined {
  const main = (JSON.parse(packageJson) as { main?: unknown }).main;
  return typeof main === 'string' ? normalise(main) : undefined;
}

/** Files the renderer's index.html loads by relative URL (scripts, styles, icons). */
export function rendererReferences(indexHtml: string, rendererDir = 'dist/renderer'): string[] {
  const found = new Set<string>();
  for (const match of indexHtml.matchAll(/\b(?:src|href)="(\.\/[^"#?]+)"/g)) found.add(joinPath(rendererDir, match[1] ?? ''));
  return [...found];
}

/** The specifiers a compiled module imports: static, re-exported and literal dynamic imports. */
export function importSpecifiers(source: string): string[] {
  const found = new Set<string>();
  const patterns = [/^\s*(?:import|export)\s[^'";]*?\sfrom\s+['"]([^'"]+)['"]/gm, /^\s*import\s+['"]([^'"]+)['"]/gm, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.add(match[1] ?? '');
  return [...found];
}

/** Imports that need no file of ours: Node's built-ins and Electron itself. */
export function isProvidedByRuntime(specifier: string): boolean {
  return specifier.startsWith('node:') || specifier === 'electron';
}

/** The archive path a relative import points to. */
export function resolveRelative(fromFile: string, specifier: string): string {
  return joinPath(dirnameOf(fromFile), specifier);
}

/** The package a path inside node_modules belongs to (scoped names kept whole). */
export function packageOf(path: string): string | undefined {
  const parts = path.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return undefined;
  const first = parts[at + 1];
  if (first === undefined) return undefined;
  return first.startsWith('@') ? `${first}/${parts[at + 2] ?? ''}` : first;
}

/**
 * True when a native binary is meant for this platform: prebuild folders name theirs
 * (`prebuilds/linux-x64/…`, `darwin-x64+arm64`), libc tags (`.glibc.`, `.musl.`) must match too;
 * build/Release binaries were built here.
 */
export function isForPlatform(path: string, platform: string, arch: string, libc: 'glibc' | 'musl' | undefined): boolean {
  const prebuild = /\/prebuilds\/([^/]+)\/([^/]+)$/.exec(path);
  if (!prebuild) return true;
  const [os, archs = ''] = (prebuild[1] ?? '').split('-');
  if (os !== platform || !archs.split('+').includes(arch)) return false;
  const name = prebuild[2] ?? '';
  if (/\.musl\./.test(name)) return libc === 'musl';
  if (/\.glibc\./.test(name)) return libc === 'glibc';
  return true;
}

/**
 * Follows the app's own modules from the entry points and names every import that would fail:
 * a relative import whose file is not packaged, or a package `resolvesPackage` cannot find.
 * `sourceOf` returns a packaged file's text (undefined when absent); our code is ES modules
 * compiled by tsc, whose import statements keep their literal specifiers.
 */
export function unresolvedImports(
  entryPoints: readonly string[],
  sourceOf: (path: string) => string | undefined,
  resolvesPackage: (specifier: string, fromFile: string) => boolean,
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const pending = [...entryPoints];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const source = sourceOf(file);
    if (source === undefined) continue; // Reported by the importer, or by treeProblems for an entry point.
    for (const specifier of importSpecifiers(source)) {
      if (isProvidedByRuntime(specifier)) continue;
      if (specifier.startsWith('.')) {
        const target = resolveRelative(file, specifier);
        if (sourceOf(target) === undefined) problems.push(`${file} imports ${specifier}, but ${target} is not packaged.`);
        else pending.push(target);
      } else if (!resolvesPackage(specifier, file)) {
        problems.push(`${file} imports the package ${specifier}, which is not packaged.`);
      }
    }
  }
  return problems;
}

/** Everything missing or misplaced in the packaged tree; empty when it can start. */
export function treeProblems(tree: PackagedTree, entryPoints: readonly string[], nativePackages: readonly string[]): string[] {
  const problems: string[] = [];
  for (const entry of entryPoints) if (!tree.archived.has(entry)) problems.push(`${entry} is not in app.asar.`);
  const nativeFiles = [...tree.archived].filter((path) => path.endsWith('.node'));
  for (const file of nativeFiles) {
    if (!tree.markedUnpacked.has(file)) problems.push(`${file} is packed inside app.asar, where it cannot be loaded: it must be unpacked.`);
    else if (!tree.unpackedOnDisk.has(file)) problems.push(`${file} is marked unpacked but is missing from app.asar.unpacked/.`);
  }
  const shipped = new Set(nativeFiles.filter((file) => tree.unpackedOnDisk.has(file)).map(packageOf));
  for (const name of nativePackages) if (!shipped.has(name)) problems.push(`The native module ${name} has no .node file in app.asar.unpacked/.`);
  return problems;
}

function dirnameOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

function joinPath(base: string, relative: string): string {
  return normalise(base === '' ? relative : `${base}/${relative}`);
}

/** A '/'-separated path with `.` and `..` segments resolved and no leading `./`. */
function normalise(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}
