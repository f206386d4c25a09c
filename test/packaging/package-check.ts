// `npm run package:check`: packages the built app offline and proves the result can start.
// The Electron binary cannot be downloaded here, so electron-builder packages against a stand-in
// Electron distribution (Node's own binary renamed `electron`, a `version` file, `resources/`):
// it only copies that tree, so everything we ship is packaged exactly as for a real release.
// Then the packaged tree is read back and checked: the entry points (main, preload, renderer,
// CLI, writer), every module they import, each native .node outside the asar, and each native
// module and the CLI and writer actually loading under plain Node from the packaged files.
// Exits 1 naming every problem; needs `npm run build` first.
import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import asar from '@electron/asar';
import {
  FIXED_ENTRY_POINTS,
  isForPlatform,
  mainModule,
  NATIVE_PACKAGES,
  PLATFORM_NATIVE_PACKAGES,
  rendererReferences,
  treeProblems,
  unresolvedImports,
  WRITER_ENTRY,
  type PackagedTree,
} from './packaged-tree.js';
import { LINUX_LAUNCHER } from '../../main/writer/launch.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const requireFromRoot = createRequire(join(ROOT, 'package.json'));
/** The pinned Electron the real installers are built with. */
const ELECTRON_VERSION = (JSON.parse(readFileSync(requireFromRoot.resolve('electron/package.json'), 'utf8')) as { version: string }).version;
/** The app's binary in the install folder (electron-builder.yml executableName). */
const EXECUTABLE_NAME = 'flash-creator';
/** The writer exits with this when started without its token: it loaded and refused, as it should. */
const WRITER_REJECTED_EXIT = 2;

interface Step {
  readonly name: string;
  readonly problems: string[];
}

function main(): number {
  const started = Date.now();
  if (!existsSync(join(ROOT, 'dist', 'main', 'app', 'main.js'))) {
    console.error('package:check: dist/ is not built: run `npm run build` first.');
    return 1;
  }
  const work = mkdtempSync(join(tmpdir(), 'flash-creator-package-check-'));
  try {
    const packaged = packageApp(work);
    if (typeof packaged === 'string') {
      console.error(`package:check: packaging failed:\n${packaged}`);
      return 1;
    }
    const app = join(work, 'app');
    asar.extractAll(packaged.archive, app);
    const tree = readTree(packaged.archive);
    const codeEntries = [mainModule(readFileSync(join(app, 'package.json'), 'utf8')) ?? 'package.json "main"', 'dist/main/cli.js'];
    if (existsSync(join(ROOT, WRITER_ENTRY))) codeEntries.push(WRITER_ENTRY);
    const entryPoints = [...FIXED_ENTRY_POINTS, ...codeEntries, ...rendererReferences(readFileSync(join(app, 'dist/renderer/index.html'), 'utf8'))];
    const steps: Step[] = [
      { name: 'entry points and native files', problems: treeProblems(tree, entryPoints, NATIVE_PACKAGES) },
      { name: 'imports of main, CLI and writer', problems: unresolvedImports(codeEntries, (path) => sourceIn(app, path), (specifier, from) => resolvesIn(app, specifier, from)) },
      { name: 'native binaries load under Node', problems: nativeBinariesLoad(packaged.unpacked, tree) },
      { name: 'native packages load under Node', problems: [...NATIVE_PACKAGES, ...PLATFORM_NATIVE_PACKAGES, 'etcher-sdk'].flatMap((name) => packageLoads(app, name)) },
      { name: 'CLI starts', problems: cliStarts(app) },
      ...(codeEntries.includes(WRITER_ENTRY) ? [{ name: 'writer starts and refuses a tokenless job', problems: writerStarts(app) }] : []),
      { name: 'Linux writer launcher (what pkexec runs) starts the writer', problems: launcherStarts(packaged.archive, app, work) },
      { name: 'Electron fuses flipped as electron-builder.yml says', problems: fuseProblems(join(dirname(packaged.archive), '..', EXECUTABLE_NAME)) },
    ];
    report(packaged.archive, tree, steps, started);
    return steps.some((step) => step.problems.length > 0) ? 1 : 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Runs electron-builder's Linux `dir` target offline; its error output when it fails. */
function packageApp(work: string): { archive: string; unpacked: string } | string {
  const electronDist = join(work, 'electron-dist');
  mkdirSync(join(electronDist, 'resources'), { recursive: true });
  copyFileSync(process.execPath, join(electronDist, 'electron'));
  // Electron's fuse wire as its binary carries it, with Electron's defaults, for electron-builder to flip.
  appendFileSync(join(electronDist, 'electron'), Buffer.concat([Buffer.from(FUSE_SENTINEL), Buffer.from([1, ELECTRON_DEFAULT_FUSES.length]), Buffer.from(ELECTRON_DEFAULT_FUSES)]));
  chmodSync(join(electronDist, 'electron'), 0o755);
  writeFileSync(join(electronDist, 'version'), ELECTRON_VERSION);
  const output = join(work, 'release');
  const builder = spawnSync(
    process.execPath,
    [
      requireFromRoot.resolve('electron-builder/cli.js'),
      '--linux', 'dir', '--x64', '--publish', 'never',
      `-c.electronDist=${electronDist}`,
      `-c.electronVersion=${ELECTRON_VERSION}`,
      // Rebuilding for Electron needs its headers from the internet, and rebuilds node_modules in place.
      '-c.npmRebuild=false',
      `-c.directories.output=${output}`,
      // Extra electron-builder options from the command line, e.g. to see the check fail.
      ...process.argv.slice(2),
    ],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (builder.status !== 0) return `${builder.error?.message ?? ''}${builder.stdout}${builder.stderr}`.trim().split('\n').slice(-30).join('\n');
  const resources = join(output, 'linux-unpacked', 'resources');
  const archive = join(resources, 'app.asar');
  if (!existsSync(archive)) return `electron-builder made no ${archive}: the app must be packaged as an asar archive.`;
  return { archive, unpacked: `${archive}.unpacked` };
}

interface HeaderNode {
  files?: Record<string, HeaderNode>;
  unpacked?: boolean;
  link?: string;
}

function readTree(archive: string): PackagedTree {
  const archived = new Set<string>();
  const markedUnpacked = new Set<string>();
  const walk = (node: HeaderNode, path: string): void => {
    if (node.files) for (const [name, child] of Object.entries(node.files)) walk(child, path === '' ? name : `${path}/${name}`);
    else if (node.link === undefined) {
      archived.add(path);
      if (node.unpacked) markedUnpacked.add(path);
    }
  };
  walk(asar.getRawHeader(archive).header as HeaderNode, '');
  const unpackedDir = `${archive}.unpacked`;
  const unpackedOnDisk = new Set(existsSync(unpackedDir) ? filesUnder(unpackedDir).map((file) => relative(unpackedDir, file).split(sep).join('/')) : []);
  return { archived, markedUnpacked, unpackedOnDisk };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

function sourceIn(app: string, path: string): string | undefined {
  const file = join(app, path);
  return existsSync(file) && statSync(file).isFile() ? readFileSync(file, 'utf8') : undefined;
}

function resolvesIn(app: string, specifier: string, fromFile: string): boolean {
  try {
    createRequire(join(app, fromFile)).resolve(specifier);
    return true;
  } catch {
    return false;
  }
}

/** dlopen, in a Node child each, every packaged binary built for this machine. */
function nativeBinariesLoad(unpackedDir: string, tree: PackagedTree): string[] {
  const libc = (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime ? 'glibc' : 'musl';
  const binaries = [...tree.unpackedOnDisk].filter((path) => path.endsWith('.node') && isForPlatform(path, process.platform, process.arch, libc));
  if (binaries.length === 0) return [`No packaged native binary is built for ${process.platform}-${process.arch}.`];
  return binaries.flatMap((path) => {
    const loaded = runNode(['-e', 'process.dlopen({ exports: {} }, process.argv[1])', join(unpackedDir, path)]);
    return loaded.status === 0 ? [] : [`${path} does not load: ${firstLine(loaded.stderr, 'Error')}`];
  });
}

/** Requires a package the way the packaged app does, from its own package.json. */
function packageLoads(app: string, name: string): string[] {
  const loaded = runNode(['-e', 'require("node:module").createRequire(process.argv[1])(process.argv[2])', join(app, 'package.json'), name]);
  return loaded.status === 0 ? [] : [`The packaged ${name} does not load: ${firstLine(loaded.stderr, 'Error')}`];
}

function cliStarts(app: string): string[] {
  const cli = runNode([join(app, 'dist/main/cli.js'), '--help']);
  return cli.status === 0 && cli.stdout.includes('Usage') ? [] : [`The packaged CLI does not start: ${firstLine(cli.stderr, 'Error') || `exit ${String(cli.status)}`}`];
}

function writerStarts(app: string): string[] {
  const writer = runNode([join(app, WRITER_ENTRY)]);
  if (writer.status === WRITER_REJECTED_EXIT && writer.stderr.trim() === '') return [];
  return [`The packaged writer did not load and refuse a tokenless job (exit ${String(writer.status)}): ${firstLine(writer.stderr, 'Error') || writer.stdout.trim()}`];
}

/**
 * Runs the packaged launcher as pkexec would, in a copy of the install's layout: the launcher in
 * resources/, the app's binary beside resources/ (the stand-in Electron: Node), and app.asar as
 * the extracted archive, since Node cannot read inside an asar as Electron does.
 */
function launcherStarts(archive: string, app: string, work: string): string[] {
  const resources = dirname(archive);
  const packagedLauncher = join(resources, LINUX_LAUNCHER);
  if (!existsSync(packagedLauncher)) return [`There is no resources/${LINUX_LAUNCHER}: the polkit action names it.`];
  if ((statSync(packagedLauncher).mode & 0o111) === 0) return [`resources/${LINUX_LAUNCHER} is not executable.`];
  const install = join(work, 'launcher-install');
  mkdirSync(join(install, 'resources'), { recursive: true });
  copyFileSync(packagedLauncher, join(install, 'resources', LINUX_LAUNCHER));
  chmodSync(join(install, 'resources', LINUX_LAUNCHER), 0o755);
  symlinkSync(join(resources, '..', EXECUTABLE_NAME), join(install, EXECUTABLE_NAME));
  symlinkSync(app, join(install, 'resources', 'app.asar'));
  const launched = spawnSync(join(install, 'resources', LINUX_LAUNCHER), [], { encoding: 'utf8', input: '', timeout: 60_000, env: {} });
  if (launched.status === WRITER_REJECTED_EXIT && launched.stderr.trim() === '') return [];
  return [`The launcher did not start the writer (exit ${String(launched.status)}): ${firstLine(launched.stderr, 'rror') || launched.stdout.trim()}`];
}

/** @electron/fuses' sentinel, then the wire's version (1), its length, and one byte a fuse ('0' off, '1' on). */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** RunAsNode, CookieEncryption, NodeOptions, NodeCliInspect, AsarIntegrity, OnlyLoadAppFromAsar, V8Snapshot, FileProtocolExtraPrivileges. */
const ELECTRON_DEFAULT_FUSES = '10110001';
/** What the packaged binary must have (electron-builder.yml says why): RunAsNode on for the Linux launcher; NODE_OPTIONS, --inspect and file:// privileges off. */
const RELEASE_FUSES: Readonly<Record<number, { name: string; on: boolean }>> = {
  0: { name: 'RunAsNode', on: true },
  2: { name: 'EnableNodeOptionsEnvironmentVariable', on: false },
  3: { name: 'EnableNodeCliInspectArguments', on: false },
  7: { name: 'GrantFileProtocolExtraPrivileges', on: false },
};

function fuseProblems(binary: string): string[] {
  const bytes = readFileSync(binary);
  const at = bytes.lastIndexOf(FUSE_SENTINEL);
  if (at < 0) return [`The packaged ${EXECUTABLE_NAME} has no fuse wire.`];
  const wire = bytes.subarray(at + FUSE_SENTINEL.length + 2, at + FUSE_SENTINEL.length + 2 + bytes[at + FUSE_SENTINEL.length + 1]!).toString('latin1');
  return Object.entries(RELEASE_FUSES).flatMap(([index, fuse]) =>
    wire[Number(index)] === (fuse.on ? '1' : '0') ? [] : [`The fuse ${fuse.name} is ${wire[Number(index)] === '1' ? 'on' : 'off'} in the packaged ${EXECUTABLE_NAME}; it must be ${fuse.on ? 'on' : 'off'}.`]);
}

function runNode(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', input: '', timeout: 60_000 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** The line of a child's stderr that says what went wrong (the first mentioning `marker`). */
function firstLine(text: string, marker: string): string {
  const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
  return lines.find((line) => line.includes(marker)) ?? lines[0] ?? '';
}

function report(archive: string, tree: PackagedTree, steps: Step[], started: number): void {
  const unpackedBytes = [...tree.unpackedOnDisk].reduce((sum, path) => sum + statSync(join(`${archive}.unpacked`, path)).size, 0);
  console.log(`Packaged Flash Creator with electron-builder (linux dir, stand-in Electron ${ELECTRON_VERSION}):`);
  console.log(`  app.asar ${mebibytes(statSync(archive).size)}, ${tree.archived.size} files; app.asar.unpacked ${mebibytes(unpackedBytes)}, ${tree.unpackedOnDisk.size} files`);
  for (const step of steps) {
    console.log(`  ${step.problems.length === 0 ? 'ok  ' : 'FAIL'} ${step.name}`);
    for (const problem of step.problems) console.log(`       ${problem}`);
  }
  console.log(`  ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

process.exitCode = main();
