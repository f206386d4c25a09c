// Zips of one flash backup from every tool people make zips with restore exactly: the same files,
// byte for byte. Info-ZIP, Python's zipfile, libarchive's bsdtar and 7-Zip run for real (test/setup.sh
// installs them); the Windows and macOS tools cannot run here, so their zips are built byte by byte
// in each tool's shape (host, attributes, separators, flags, extra fields, name encoding).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { readBackup } from '../../main/backup/read-backup.js';
import { isBlocking } from '../../shared/problems.js';
import { sampleBackupEntries } from '../fixtures/sample-backup.js';
import { buildZip, type ZipEntrySpec, type ZipOptions } from '../fixtures/zip-builder.js';
import { formatMessage } from '../../shared/message.js';
import { tempFolder } from '../fixtures/temp-folder.js';

const workDir = tempFolder('zip-tools-');
const TOP = 'flash';
const MS_DOS = 0;
const UNIX = 3;
const ARCHIVE_ATTRIBUTE = 0x20;
const DIRECTORY_ATTRIBUTE = 0x10;

/** The backup's files, path → bytes: a sample release and config, an empty file and names beyond ASCII. */
const FILES = backupFiles();
/** Its folders, as a restore creates them. */
const FOLDERS = [...new Set([...FILES.keys()].flatMap(parentsOf))].sort();
/** The backup as a folder on disk, for the real tools. */
const TREE = writeTree();

function backupFiles(): Map<string, Buffer> {
  const extra: ZipEntrySpec[] = [
    { name: 'config/empty.cfg', data: '' },
    { name: 'config/plugins/dockerMan/templates-user/my-café.xml', data: '<Container>café</Container>\n' },
  ];
  const files = new Map<string, Buffer>();
  for (const spec of sampleBackupEntries({ directoryEntries: false, entries: extra })) {
    const data = spec.data;
    const bytes = data === undefined ? Buffer.alloc(0) : typeof data === 'function' ? Buffer.concat([...data()]) : Buffer.from(data);
    files.set(String(spec.name), bytes);
  }
  return files;
}

function parentsOf(path: string): string[] {
  const parts = path.split('/').slice(0, -1);
  return parts.map((_part, i) => parts.slice(0, i + 1).join('/'));
}

function writeTree(): string {
  const root = join(workDir, 'tree');
  for (const [path, bytes] of FILES) {
    mkdirSync(dirname(join(root, TOP, path)), { recursive: true });
    writeFileSync(join(root, TOP, path), bytes);
  }
  return root;
}

let zipCount = 0;
function zipPath(label: string): string {
  return join(workDir, `${zipCount++}-${label.replace(/\W+/g, '-')}.zip`);
}

/** Runs a tool in the tree's folder (so names start at `flash/`, or inside it with `inside`). */
function run(command: string, args: string[], options: { inside?: boolean } = {}): void {
  const result = spawnSync(command, args, { cwd: options.inside ? join(TREE, TOP) : TREE, encoding: 'utf8' });
  if (result.error) throw new Error(`${command} is not installed (test/setup.sh installs it): ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** What the restore would put on the drive: every file's content (as a hash) and every folder. */
async function restored(path: string): Promise<{ files: Map<string, string>; folders: string[]; blocking: string[] }> {
  const backup = await readBackup(path, { deep: true });
  try {
    const files = new Map<string, string>();
    for (const item of backup.items) {
      if (item.kind === 'file' && item.entry) files.set(item.path, sha256(await buffer(await backup.archive.openEntry(item.entry))));
    }
    const folders = backup.items.filter((item) => item.kind === 'directory').map((item) => item.path).sort();
    return { files, folders, blocking: backup.report.problems.filter(isBlocking).map((problem) => formatMessage(problem.message)) };
  } finally {
    backup.archive.close();
  }
}

/** `names` maps a path to the name the zip gives it: macOS stores names decomposed (NFD), and they are restored as stored, as unzip does. */
async function expectExactRestore(path: string, names: (path: string) => string = (name) => name): Promise<void> {
  const { files, folders, blocking } = await restored(path);
  expect(blocking).toEqual([]);
  expect(files).toEqual(new Map([...FILES].map(([name, bytes]) => [names(name), sha256(bytes)])));
  expect(folders).toEqual(FOLDERS.map(names));
}

describe('zips made by the real tools restore exactly', () => {
  it.each<[string, string[], { inside?: boolean }]>([
    ['Info-ZIP zip -r, folder entries', ['-r', '-q'], {}],
    ['Info-ZIP zip -r -D, no folder entries, stored', ['-r', '-q', '-D', '-0'], {}],
    ['Info-ZIP zip -r -fz (zip64)', ['-r', '-q', '-fz'], {}],
    ['Info-ZIP zip -r inside the folder (files at the root)', ['-r', '-q'], { inside: true }],
  ])('%s', async (_label, flags, options) => {
    const path = zipPath(_label);
    run('zip', [...flags, path, options.inside ? '.' : TOP], options);
    await expectExactRestore(path);
  });

  it('Info-ZIP zip with a comment (zip -z)', async () => {
    const path = zipPath('comment');
    run('zip', ['-r', '-q', path, TOP]);
    execFileSync('zip', ['-z', '-q', path], { input: 'Tower flash backup, 2026-11-25\nmade for the restore\n' });
    expect(execFileSync('unzip', ['-z', path], { encoding: 'utf8' })).toContain('made for the restore');
    await expectExactRestore(path);
  });

  it('Info-ZIP zip to a pipe (data descriptors)', async () => {
    const path = zipPath('streamed');
    run('sh', ['-c', `zip -r -q - ${TOP} | cat > '${path}'`]);
    expect(zipinfoFlags(path)).toContain('extended local header');
    await expectExactRestore(path);
  });

  it.each([
    ['joined to unzipsfx (offsets not counting the stub)', false],
    ['joined to unzipsfx and fixed with zip -A (offsets counting it)', true],
  ])('a self-extractor: %s', async (_label, adjusted) => {
    const zip = zipPath('sfx-zip');
    run('zip', ['-r', '-q', zip, TOP]);
    const path = zipPath(_label);
    writeFileSync(path, Buffer.concat([readFileSync('/usr/bin/unzipsfx'), readFileSync(zip)]));
    if (adjusted) run('zip', ['-A', '-q', path]);
    await expectExactRestore(path);
  });

  it.each([
    ['python3 -m zipfile -c (stored)', `import sys, zipfile, os
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    for root, dirs, files in os.walk('${TOP}'):
        for name in files: z.write(os.path.join(root, name))`],
    ['Python zipfile, deflated, folder entries, zip64 forced', `import sys, zipfile, os
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED, allowZip64=True) as z:
    for root, dirs, files in os.walk('${TOP}'):
        z.write(root)
        for name in files:
            path = os.path.join(root, name)
            with open(path, 'rb') as source, z.open(zipfile.ZipInfo.from_file(path), 'w', force_zip64=True) as target:
                target.write(source.read())`],
    ['Python zipfile to a pipe (data descriptors)', `import sys, zipfile, os
with open(sys.argv[1], 'wb') as out:
    class Pipe:
        def __init__(self): self.n = 0
        def write(self, b): out.write(b); self.n += len(b); return len(b)
        def tell(self): raise OSError('not seekable')
        def flush(self): out.flush()
    with zipfile.ZipFile(Pipe(), 'w', zipfile.ZIP_DEFLATED) as z:
        for root, dirs, files in os.walk('${TOP}'):
            for name in files: z.write(os.path.join(root, name))`],
  ])('%s', async (_label, script) => {
    const path = zipPath(_label);
    run('python3', ['-c', script, path]);
    await expectExactRestore(path);
  });

  it('python3 -m zipfile -c, the command line', async () => {
    const path = zipPath('python-cli');
    run('python3', ['-m', 'zipfile', '-c', path, TOP]);
    await expectExactRestore(path);
  });

  it.each([
    ['bsdtar -a (deflate, data descriptors)', ['-a', '-cf']],
    ['bsdtar --format zip, stored', ['--format', 'zip', '--options', 'zip:compression=store', '-cf']],
  ])('libarchive: %s', async (_label, flags) => {
    const path = zipPath(_label);
    run('bsdtar', [...flags, path, TOP]);
    await expectExactRestore(path);
  });

  it.each([
    ['7z a -tzip', ['a', '-tzip', '-bd', '-bso0']],
    ['7z a -tzip, UTF-8 names flagged, stored', ['a', '-tzip', '-bd', '-bso0', '-mcu=on', '-mx=0']],
  ])('7-Zip (7zz): %s', async (_label, flags) => {
    const path = zipPath(_label);
    run('7zz', [...flags, path, TOP]);
    await expectExactRestore(path);
  });
});

/** zipinfo's verbose listing, which names each entry's flags. */
function zipinfoFlags(path: string): string {
  return execFileSync('zipinfo', ['-v', path], { encoding: 'utf8' });
}

/** A DOS date/time extra: none. NTFS extra field (0x000a) with three FILETIMEs, as Windows tools write. */
function ntfsExtra(): Buffer {
  const extra = Buffer.alloc(36);
  extra.writeUInt16LE(0x000a, 0);
  extra.writeUInt16LE(32, 2);
  extra.writeUInt16LE(0x0001, 8); // attribute tag 1: times
  extra.writeUInt16LE(24, 10);
  const filetime = 134_085_000_000_000_000n; // 2025-11-25, in 100 ns since 1601
  for (let i = 0; i < 3; i++) extra.writeBigUInt64LE(filetime, 12 + i * 8);
  return extra;
}

/** The backup's files as entries named `prefix + path` with `separator` between folders. */
function fileEntries(options: { prefix: string; separator: '/' | '\\'; shape: (name: string, data: Buffer) => ZipEntrySpec }): ZipEntrySpec[] {
  return [...FILES].map(([path, data]) => options.shape(`${options.prefix}${path}`.replaceAll('/', options.separator), data));
}

function folderEntries(prefix: string, separator: '/' | '\\', shape: (name: string) => ZipEntrySpec): ZipEntrySpec[] {
  return FOLDERS.map((folder) => shape(`${prefix}${folder}/`.replaceAll('/', separator)));
}

function builtZip(label: string, entries: ZipEntrySpec[], options?: ZipOptions): string {
  const path = zipPath(label);
  writeFileSync(path, buildZip(entries, options));
  return path;
}

// The Windows and macOS tools, built in their shapes.
const SHAPES: Record<string, () => ZipEntrySpec[]> = {
  // Windows PowerShell 5.1: Compress-Archive -Path C:\flash -DestinationPath backup.zip. .NET
  // Framework's ZipArchive: made by MS-DOS (0) 2.0, `\` between folders, no folder entries for
  // folders with files, external attributes 0, UTF-8 flag only for names beyond ASCII, every file
  // deflated (an empty one to the 2 bytes of an empty deflate block), sizes in the local header.
  'Windows PowerShell 5.1 Compress-Archive (backslashes, MS-DOS host)': () =>
    fileEntries({
      prefix: `${TOP}/`, separator: '\\',
      shape: (name, data) => ({
        name, data, method: 'deflate', madeBy: { host: MS_DOS, version: 20 }, externalAttributes: 0, utf8Flag: /[^\x20-\x7e]/.test(name),
      }),
    }),
  // PowerShell 7 (Microsoft.PowerShell.Archive 1.2.5 on .NET 8, Windows): Compress-Archive -Path
  // C:\flash\* : files at the root, `\` between folders, made by MS-DOS, an empty file stored.
  'PowerShell 7 Compress-Archive -Path flash\\* (backslashes, files at the root)': () =>
    fileEntries({
      prefix: '', separator: '\\',
      shape: (name, data) => ({
        name, data, method: data.length === 0 ? 'store' : 'deflate', madeBy: { host: MS_DOS, version: 20 }, externalAttributes: 0,
        utf8Flag: /[^\x20-\x7e]/.test(name),
      }),
    }),
  // Windows Explorer, Send to → Compressed (zipped) folder: made by MS-DOS 2.0, `/`, a folder entry
  // for each folder with the directory attribute, files with the archive attribute, names beyond
  // ASCII in the OEM code page (CP437) without the UTF-8 flag, data descriptors, NTFS times.
  'Windows Explorer Send to Compressed folder (CP437 names, DOS attributes, descriptors)': () => [
    ...folderEntries(`${TOP}/`, '/', (name) => ({
      name: cp437(name), madeBy: { host: MS_DOS, version: 20 }, externalAttributes: DIRECTORY_ATTRIBUTE, utf8Flag: false,
    })),
    ...fileEntries({
      prefix: `${TOP}/`, separator: '/',
      shape: (name, data) => ({
        name: cp437(name), data, method: 'deflate', dataDescriptor: true, madeBy: { host: MS_DOS, version: 20 },
        externalAttributes: ARCHIVE_ATTRIBUTE, utf8Flag: false, extra: { central: ntfsExtra() },
      }),
    }),
  ],
  // 7-Zip on Windows (made by NTFS-era MS-DOS host, version 6.3), `/`, NTFS times in the extra field.
  '7-Zip on Windows (MS-DOS host 6.3, NTFS times)': () => [
    ...folderEntries(`${TOP}/`, '/', (name) => ({ name, madeBy: { host: MS_DOS, version: 63 }, externalAttributes: DIRECTORY_ATTRIBUTE, extra: { central: ntfsExtra(), local: ntfsExtra() } })),
    ...fileEntries({
      prefix: `${TOP}/`, separator: '/',
      shape: (name, data) => ({ name, data, madeBy: { host: MS_DOS, version: 63 }, externalAttributes: ARCHIVE_ATTRIBUTE, extra: { central: ntfsExtra(), local: ntfsExtra() } }),
    }),
  ],
  // macOS Archive Utility (Compress "flash"): made by Unix 2.1, every entry streamed (data
  // descriptors, local sizes 0), names in UTF-8 decomposed (NFD) without the flag, folders
  // stored, AppleDouble `__MACOSX/._name` files beside files with extended attributes.
  'macOS Archive Utility (NFD names, descriptors, __MACOSX)': () => macShape({ appleDouble: ['syslinux/syslinux.cfg', 'config/ident.cfg'] }),
  // ditto -c -k --sequesterRsrc --keepParent flash backup.zip: the same engine as Archive Utility.
  'macOS ditto -c -k --sequesterRsrc --keepParent': () => macShape({ appleDouble: ['changes.txt'] }),
};

function macShape(options: { appleDouble: string[] }): ZipEntrySpec[] {
  const mac = { madeBy: { host: UNIX, version: 21 }, versionNeeded: 20, dataDescriptor: true, utf8Flag: false };
  const nfd = (name: string): Buffer => Buffer.from(name.normalize('NFD'), 'utf8');
  const appleDouble = Buffer.concat([Buffer.from([0, 5, 0x16, 7, 0, 2, 0, 0]), Buffer.from('Mac OS X        '), Buffer.alloc(58)]);
  return [
    { name: nfd(`${TOP}/`), method: 'store', unixMode: 0o040755, ...mac },
    ...FOLDERS.map((folder): ZipEntrySpec => ({ name: nfd(`${TOP}/${folder}/`), method: 'store', unixMode: 0o040755, ...mac })),
    ...[...FILES].map(([path, data]): ZipEntrySpec => ({ name: nfd(`${TOP}/${path}`), data, method: 'deflate', unixMode: 0o100644, ...mac })),
    { name: '__MACOSX/', method: 'store', unixMode: 0o040755, ...mac },
    ...options.appleDouble.map((path): ZipEntrySpec => {
      const slash = path.lastIndexOf('/');
      return { name: `__MACOSX/${TOP}/${path.slice(0, slash + 1)}._${path.slice(slash + 1)}`, data: appleDouble, unixMode: 0o100644, ...mac };
    }),
  ];
}

const CP437_HIGH = 'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»';
function cp437(name: string): Buffer {
  return Buffer.from([...name].map((char) => (char.charCodeAt(0) < 0x80 ? char.charCodeAt(0) : 0x80 + CP437_HIGH.indexOf(char))));
}

describe('zips in the shapes of the Windows and macOS tools restore exactly', () => {
  it.each(Object.keys(SHAPES))('%s', async (label) => {
    await expectExactRestore(builtZip(label, SHAPES[label]!()), label.startsWith('macOS') ? (name) => name.normalize('NFD') : undefined);
  });

  it('Windows PowerShell 5.1 Compress-Archive zip unzips as folders with Info-ZIP too', () => {
    const path = builtZip('ps51-unzip', SHAPES['Windows PowerShell 5.1 Compress-Archive (backslashes, MS-DOS host)']!());
    const out = join(workDir, 'ps51-unzipped');
    // Exit code 1: unzip's warning that the zip "appears to use backslashes as path separators".
    expect(spawnSync('unzip', ['-q', '-d', out, path]).status).toBe(1);
    expect(readFileSync(join(out, TOP, 'config', 'ident.cfg'))).toEqual(FILES.get('config/ident.cfg'));
  });

  it('a Windows zip with a comment, zip64 records and data before it', async () => {
    const entries = SHAPES['Windows PowerShell 5.1 Compress-Archive (backslashes, MS-DOS host)']!().map((entry) => ({ ...entry, zip64: true }));
    const stub = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(4094, 0x90)]);
    await expectExactRestore(builtZip('windows-sfx-zip64', entries, { comment: 'backup of Tower', zip64End: true, prefix: { bytes: stub, offsets: 'uncounted' } }));
    await expectExactRestore(builtZip('windows-sfx-zip64-counted', entries, { comment: 'backup of Tower', zip64End: true, prefix: { bytes: stub, offsets: 'counted' } }));
  });

  it('data descriptors without their optional signature', async () => {
    const entries = fileEntries({ prefix: `${TOP}/`, separator: '/', shape: (name, data) => ({ name, data, dataDescriptor: true, descriptorWithoutSignature: true }) });
    await expectExactRestore(builtZip('unsigned-descriptors', entries));
  });
});

describe('backslashes', () => {
  const windows = { madeBy: { host: MS_DOS, version: 20 } };
  it.each([
    ['path-traversal', `${TOP}\\config\\..\\..\\evil.cfg`],
    ['absolute-path', '\\evil.cfg'],
    ['absolute-path', 'C:\\Windows\\evil.cfg'],
    ['absolute-path', '\\\\server\\share\\evil.cfg'],
  ])('from Windows still refuse %s: %s', async (code, name) => {
    const entries = [...SHAPES['Windows PowerShell 5.1 Compress-Archive (backslashes, MS-DOS host)']!(), { name, data: 'x', ...windows }];
    const backup = await readBackup(builtZip('hostile-windows', entries));
    backup.archive.close();
    expect(backup.report.problems.filter(isBlocking).map((problem) => problem.code)).toEqual([code]);
    expect(backup.items.some((item) => item.path.includes('evil'))).toBe(false);
  });

  it('from a Unix host stay part of the name, which FAT cannot hold', async () => {
    const entries = [...fileEntries({ prefix: `${TOP}/`, separator: '/', shape: (name, data) => ({ name, data }) }), { name: `${TOP}/config\\odd.cfg`, data: 'x' }];
    const backup = await readBackup(builtZip('unix-backslash', entries));
    backup.archive.close();
    expect(backup.report.problems.filter(isBlocking).map((problem) => [problem.code, problem.path])).toEqual([['backslash-path', `${TOP}/config\\odd.cfg`]]);
  });
});
