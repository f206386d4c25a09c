import { describe, expect, it } from 'vitest';
import {
  importSpecifiers,
  isForPlatform,
  mainModule,
  packageOf,
  rendererReferences,
  treeProblems,
  unresolvedImports,
  type PackagedTree,
} from './packaged-tree.js';

const complete: PackagedTree = {
  archived: new Set(['package.json', 'dist/main/app/main.js', 'node_modules/drivelist/build/Release/drivelist.node', 'node_modules/usb/prebuilds/linux-x64/node.napi.glibc.node']),
  markedUnpacked: new Set(['node_modules/drivelist/build/Release/drivelist.node', 'node_modules/usb/prebuilds/linux-x64/node.napi.glibc.node']),
  unpackedOnDisk: new Set(['node_modules/drivelist/build/Release/drivelist.node', 'node_modules/usb/prebuilds/linux-x64/node.napi.glibc.node']),
};

describe('treeProblems', () => {
  it('finds nothing wrong with a complete tree', () => {
    expect(treeProblems(complete, ['package.json', 'dist/main/app/main.js'], ['drivelist', 'usb'])).toEqual([]);
  });

  it('names a missing entry point', () => {
    expect(treeProblems(complete, ['dist/preload/preload.cjs'], [])).toEqual(['dist/preload/preload.cjs is not in app.asar.']);
  });

  it('names a native binary left inside the archive', () => {
    const packed = { ...complete, markedUnpacked: new Set(['node_modules/usb/prebuilds/linux-x64/node.napi.glibc.node']) };
    expect(treeProblems(packed, [], [])).toEqual([
      'node_modules/drivelist/build/Release/drivelist.node is packed inside app.asar, where it cannot be loaded: it must be unpacked.',
    ]);
  });

  it('names a binary marked unpacked but absent on disk, and the module left without one', () => {
    const lost = { ...complete, unpackedOnDisk: new Set(['node_modules/usb/prebuilds/linux-x64/node.napi.glibc.node']) };
    expect(treeProblems(lost, [], ['drivelist'])).toEqual([
      'node_modules/drivelist/build/Release/drivelist.node is marked unpacked but is missing from app.asar.unpacked/.',
      'The native module drivelist has no .node file in app.asar.unpacked/.',
    ]);
  });

  it('names a native module that ships no binary at all', () => {
    expect(treeProblems(complete, [], ['mountutils'])).toEqual(['The native module mountutils has no .node file in app.asar.unpacked/.']);
  });
});

describe('importSpecifiers', () => {
  it('reads static, side-effect, re-exported and literal dynamic imports as tsc emits them', () => {
    const source = [
      "import { readFile } from 'node:fs/promises';",
      "import { app, dialog } from 'electron';",
      'import {',
      '  a,',
      '  b,',
      "} from './multi-line.js';",
      "import './side-effect.js';",
      "export { thing } from '../shared/thing.js';",
      "export * from './all.js';",
      "const command = async () => (await import('./lazy.js')).run;",
      "const text = 'import nothing from \"./in-a-string.js\"';",
    ].join('\n');
    expect(importSpecifiers(source).sort()).toEqual(['../shared/thing.js', './all.js', './lazy.js', './multi-line.js', './side-effect.js', 'electron', 'node:fs/promises']);
  });
});

describe('unresolvedImports', () => {
  const files: Record<string, string> = {
    'dist/main/cli.js': "import { run } from './cli/run.js';\nimport yauzl from 'yauzl';",
    'dist/main/cli/run.js': "import { readFile } from 'node:fs';\nconst inspect = () => import('./inspect.js');",
    'dist/main/cli/inspect.js': "import { list } from 'drivelist';\nimport { gone } from '../backup/gone.js';",
  };
  const sourceOf = (path: string): string | undefined => files[path];

  it('follows relative and lazy imports and names what is missing', () => {
    expect(unresolvedImports(['dist/main/cli.js'], sourceOf, (name) => name === 'yauzl')).toEqual([
      'dist/main/cli/inspect.js imports the package drivelist, which is not packaged.',
      'dist/main/cli/inspect.js imports ../backup/gone.js, but dist/main/backup/gone.js is not packaged.',
    ]);
  });

  it('passes when every import is there', () => {
    const whole: Record<string, string> = { ...files, 'dist/main/backup/gone.js': 'export const gone = 1;' };
    expect(unresolvedImports(['dist/main/cli.js'], (path) => whole[path], () => true)).toEqual([]);
  });
});

describe('where the app loads from', () => {
  it('takes the main module from package.json', () => {
    expect(mainModule('{"main": "./dist/main/app/main.js"}')).toBe('dist/main/app/main.js');
    expect(mainModule('{"name": "x"}')).toBeUndefined();
  });

  it('lists the files index.html loads, relative to the renderer', () => {
    const html = '<link rel="icon" href="./icon.svg"><script type="module" src="./assets/index-1.js"></script><link rel="stylesheet" href="./assets/index-2.css"><a href="https://example.org/">x</a>';
    expect(rendererReferences(html)).toEqual(['dist/renderer/icon.svg', 'dist/renderer/assets/index-1.js', 'dist/renderer/assets/index-2.css']);
  });

  it('names the package a node_modules path belongs to, scoped or not', () => {
    expect(packageOf('node_modules/@ronomon/direct-io/binding.node')).toBe('@ronomon/direct-io');
    expect(packageOf('node_modules/etcher-sdk/node_modules/usb/prebuilds/linux-x64/node.napi.glibc.node')).toBe('usb');
    expect(packageOf('dist/main/cli.js')).toBeUndefined();
  });
});

describe('isForPlatform', () => {
  it('keeps prebuilds for this system and libc, and local builds', () => {
    expect(isForPlatform('node_modules/usb/prebuilds/linux-x64/node.napi.glibc.node', 'linux', 'x64', 'glibc')).toBe(true);
    expect(isForPlatform('node_modules/usb/prebuilds/linux-x64/node.napi.musl.node', 'linux', 'x64', 'glibc')).toBe(false);
    expect(isForPlatform('node_modules/usb/prebuilds/darwin-x64+arm64/node.napi.node', 'darwin', 'arm64', undefined)).toBe(true);
    expect(isForPlatform('node_modules/usb/prebuilds/linux-arm64/node.napi.armv8.node', 'linux', 'x64', 'glibc')).toBe(false);
    expect(isForPlatform('node_modules/lzma-native/prebuilds/win32-x64/electron.napi.node', 'linux', 'x64', 'glibc')).toBe(false);
    expect(isForPlatform('node_modules/drivelist/build/Release/drivelist.node', 'linux', 'x64', 'glibc')).toBe(true);
  });
});
