// Which installations may be given administrator rights: the decisions as data (a Windows host and
// a Mac cannot exist here, so theirs are data only), then the facts gathered from real folders
// (this machine runs the tests as root, so it can give them other owners). The CLI refusing to
// elevate a Node its user could replace runs in elevation.test.ts.
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTrust, pathFacts, posixTrust, untrustedInstall, windowsProgramFiles, windowsTrust, type PathFacts } from '../../main/writer/install-trust.js';
import { formatMessage, message } from '../../shared/message.js';

const DIR = 0o040000;
const FILE = 0o100000;
const LINK = 0o120000;

/** Facts for a path and its parents: [path, uid, mode] each. */
function facts(...entries: [string, number, number][]): PathFacts[] {
  return entries.map(([path, uid, mode]) => ({ path, uid, mode, symlink: (mode & 0o170000) === LINK }));
}

const root = (path: string, mode = DIR | 0o755): [string, number, number] => [path, 0, mode];
const debInstall = facts(
  root('/opt/Flash Creator/resources/flash-creator-writer', FILE | 0o755),
  root('/opt/Flash Creator/resources'),
  root('/opt/Flash Creator'),
  root('/opt'),
  root('/'),
);

describe('posixTrust (Linux and macOS, as data)', () => {
  it('trusts the .deb\'s tree: root\'s all the way up, writable by no one else', () => {
    expect(posixTrust('linux', debInstall)).toEqual({ trusted: true });
  });

  it('refuses a folder on the way that belongs to a user', () => {
    const userOwned = debInstall.map((fact) => (fact.path === '/opt/Flash Creator' ? { ...fact, uid: 1000 } : fact));
    expect(posixTrust('linux', userOwned)).toEqual({ trusted: false, reason: message('install.reason.owner', { path: '/opt/Flash Creator' }) });
  });

  it.each([
    ['its group', 0o775],
    ['anyone', 0o757],
    ['anyone, sticky (as /tmp)', 0o1777],
  ])('refuses a folder writable by %s', (_who, mode) => {
    const writable = debInstall.map((fact) => (fact.path === '/opt' ? { ...fact, mode: DIR | mode } : fact));
    expect(posixTrust('linux', writable)).toEqual({ trusted: false, reason: message('install.reason.writable', { path: '/opt' }) });
  });

  it('refuses a group-writable file', () => {
    const writable = debInstall.map((fact, index) => (index === 0 ? { ...fact, mode: FILE | 0o775 } : fact));
    expect(posixTrust('linux', writable)).toEqual({ trusted: false, reason: message('install.reason.writable', { path: '/opt/Flash Creator/resources/flash-creator-writer' }) });
  });

  it('judges a link by its owner, not its mode (always rwxrwxrwx)', () => {
    expect(posixTrust('linux', facts(root('/bin', LINK | 0o777), root('/')))).toEqual({ trusted: true });
    expect(posixTrust('linux', facts(['/usr/local/bin/node', 1000, LINK | 0o777], root('/usr/local/bin'), root('/usr/local'), root('/usr'), root('/')))).toMatchObject({ trusted: false });
  });

  it('refuses the AppImage, whose mount belongs to the user who started it', () => {
    const appImage = facts(['/tmp/.mount_flashcAbC12/flash-creator', 1000, FILE | 0o755], ['/tmp/.mount_flashcAbC12', 1000, DIR | 0o700], root('/tmp', DIR | 0o1777), root('/'));
    expect(posixTrust('linux', appImage)).toEqual({ trusted: false, reason: message('install.reason.appimage') });
  });

  it('refuses a CLI installed in a home folder', () => {
    const home = facts(['/home/me/.npm-global/lib/node_modules/flash-creator/dist/main/writer/main.js', 1000, FILE | 0o644], ['/home/me/.npm-global', 1000, DIR | 0o755], ['/home/me', 1000, DIR | 0o750], root('/home'), root('/'));
    expect(posixTrust('linux', home)).toMatchObject({ trusted: false, reason: { code: 'install.reason.owner' } });
  });

  const bundle = (owner: number, fileMode = 0o755) =>
    facts(
      ['/Applications/Flash Creator.app/Contents/MacOS/Flash Creator', owner, FILE | fileMode],
      ['/Applications/Flash Creator.app/Contents/MacOS', owner, DIR | 0o755],
      ['/Applications/Flash Creator.app/Contents', owner, DIR | 0o755],
      ['/Applications/Flash Creator.app', owner, DIR | 0o755],
      root('/Applications', DIR | 0o775),
      root('/'),
    );

  it('macOS (untestable here): trusts a bundle in /Applications owned by the admin who put it there, /Applications writable by the admin group', () => {
    expect(posixTrust('darwin', bundle(501))).toEqual({ trusted: true });
  });

  it('macOS (untestable here): refuses a group-writable file in the bundle, and a bundle elsewhere', () => {
    expect(posixTrust('darwin', bundle(501, 0o775))).toEqual({ trusted: false, reason: message('install.reason.writable', { path: '/Applications/Flash Creator.app/Contents/MacOS/Flash Creator' }) });
    const downloads = facts(['/Users/me/Downloads/Flash Creator.app', 501, DIR | 0o755], ['/Users/me/Downloads', 501, DIR | 0o700], ['/Users/me', 501, DIR | 0o750], root('/Users'), root('/'));
    expect(posixTrust('darwin', downloads)).toMatchObject({ trusted: false, reason: { code: 'install.reason.owner' } });
    expect(posixTrust('darwin', facts(root('/Applications', DIR | 0o777), root('/')))).toMatchObject({ trusted: false, reason: { code: 'install.reason.writable' } });
  });

  it('Linux allows nothing of that: a user\'s /Applications bundle is a user\'s', () => {
    expect(posixTrust('linux', bundle(501))).toMatchObject({ trusted: false, reason: { code: 'install.reason.owner' } });
  });
});

describe('windowsTrust (untestable here: Windows paths as data)', () => {
  const programFiles = windowsProgramFiles('C:\\Windows');

  it.each([
    'C:\\Program Files\\Flash Creator\\Flash Creator.exe',
    'c:\\program files\\Flash Creator\\resources\\app.asar',
    'C:\\Program Files (x86)\\Flash Creator\\Flash Creator.exe',
    '\\\\?\\C:\\Program Files\\Flash Creator\\Flash Creator.exe',
  ])('trusts the per-machine install: %s', (path) => {
    expect(windowsTrust(path, programFiles)).toEqual({ trusted: true });
  });

  it.each([
    ['a per-user install', 'C:\\Users\\me\\AppData\\Local\\Programs\\flash-creator\\Flash Creator.exe'],
    ['the portable exe, unpacked to %TEMP%', 'C:\\Users\\me\\AppData\\Local\\Temp\\2abc\\Flash Creator.exe'],
    ['a folder that only starts like it', 'C:\\Program Files Evil\\Flash Creator.exe'],
    ['a way out of it', 'C:\\Program Files\\..\\Users\\me\\Flash Creator.exe'],
    ['another drive\'s', 'D:\\Program Files\\Flash Creator\\Flash Creator.exe'],
  ])('refuses %s', (_case, path) => {
    expect(windowsTrust(path, programFiles)).toEqual({ trusted: false, reason: message('install.reason.not-program-files', { path, folder: 'C:\\Program Files' }) });
  });

  it('takes Program Files from the system drive, ignoring an odd %SystemRoot%', () => {
    expect(windowsProgramFiles('D:\\Windows')).toEqual(['D:\\Program Files', 'D:\\Program Files (x86)']);
    expect(windowsProgramFiles('\\\\evil\\share')).toEqual(['C:\\Program Files', 'C:\\Program Files (x86)']);
  });
});

describe('untrustedInstall', () => {
  it('says why, and what to install instead, on each system', () => {
    const reason = message('install.reason.appimage');
    expect(formatMessage(untrustedInstall(reason, 'linux'))).toBe(
      'This copy of Flash Creator cannot write drives: it runs from an AppImage, whose files belong to your own account. Writing needs administrator rights, and Flash Creator gives them only to programs that no one but an administrator can change. Install the .deb package, which puts Flash Creator in /opt, or run the command-line tool with sudo.',
    );
    expect(untrustedInstall(reason, 'darwin').params.advice).toEqual(message('install.advice.darwin'));
    expect(untrustedInstall(reason, 'win32').params.advice).toEqual(message('install.advice.win32'));
    expect(untrustedInstall(reason, 'freebsd').params.advice).toEqual(message('install.advice.other'));
  });
});

describe('installTrust on real folders (as root here, giving them other owners)', () => {
  let base: string;
  let tree: string;
  let file: string;

  beforeAll(() => {
    // Under root's own home: /tmp, writable by all, would make everything below it untrusted.
    base = mkdtempSync(join(homedir(), '.install-trust-'));
    tree = join(base, 'opt', 'Flash Creator');
    mkdirSync(tree, { recursive: true, mode: 0o755 });
    file = join(tree, 'flash-creator');
    writeFileSync(file, '', { mode: 0o755 });
  });

  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it.skipIf(process.getuid?.() !== 0)('trusts a tree root owns and only root may write to', () => {
    chmodSync(base, 0o755);
    expect(installTrust([file], 'linux')).toEqual({ trusted: true });
    expect(pathFacts(file).map((fact) => fact.path)).toEqual([file, tree, join(base, 'opt'), base, homedir(), '/']);
  });

  it.skipIf(process.getuid?.() !== 0)('refuses it when a folder on the way belongs to uid 1234, or its group may write to it', () => {
    chownSync(tree, 1234, 1234);
    try {
      expect(installTrust([file], 'linux')).toEqual({ trusted: false, reason: message('install.reason.owner', { path: tree }) });
    } finally {
      chownSync(tree, 0, 0);
    }
    chmodSync(tree, 0o775);
    try {
      expect(installTrust([file], 'linux')).toEqual({ trusted: false, reason: message('install.reason.writable', { path: tree }) });
    } finally {
      chmodSync(tree, 0o755);
    }
  });

  it.skipIf(process.getuid?.() !== 0)('judges a link\'s folders as well as its target\'s', () => {
    const userBin = join(base, 'user-bin');
    mkdirSync(userBin, { mode: 0o755 });
    symlinkSync(file, join(userBin, 'flash-creator'));
    chownSync(userBin, 1234, 1234);
    expect(installTrust([join(userBin, 'flash-creator')], 'linux')).toEqual({ trusted: false, reason: message('install.reason.owner', { path: userBin }) });
    const rootBin = join(base, 'root-bin');
    mkdirSync(rootBin, { mode: 0o755 });
    symlinkSync(file, join(rootBin, 'flash-creator'));
    expect(installTrust([join(rootBin, 'flash-creator')], 'linux')).toEqual({ trusted: true });
  });

  it('refuses what is under /tmp, and what is not there', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'install-trust-'));
    try {
      expect(installTrust([scratch], 'linux')).toMatchObject({ trusted: false, reason: { code: 'install.reason.writable' } });
      const missing = join(scratch, 'missing');
      expect(installTrust([missing], 'linux')).toMatchObject({ trusted: false, reason: { code: 'install.reason.unreadable', params: { path: missing } } });
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
