// The Linux app's way to the writer: pkexec starts the launcher its polkit action names, and the
// launcher runs the writer with the app's own binary. The .deb that installs both cannot be built
// here (electron-builder downloads its tools); package-check.ts runs the packaged launcher, and
// these tests hold the policy, the launcher and the packaging config to one another.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linuxLauncher } from '../../main/writer/client.js';
import { elevationCommand, LINUX_LAUNCHER } from '../../main/writer/launch.js';
import { TOKEN_HASH_FLAG } from '../../main/writer/protocol.js';
import { WRITER_ENTRY } from './packaged-tree.js';

const ROOT = join(import.meta.dirname, '..', '..');
const builderConfig = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');
const policy = readFileSync(join(ROOT, 'build/linux/io.github.flashcreator.app.policy'), 'utf8');
const launcherScript = readFileSync(join(ROOT, 'build/linux', LINUX_LAUNCHER), 'utf8');

function configValue(key: string): string {
  const value = new RegExp(`^${key}: (.+)$`, 'm').exec(builderConfig)?.[1];
  if (value === undefined) throw new Error(`electron-builder.yml has no ${key}`);
  return value.trim();
}

describe('the Linux writer launcher and its polkit action', () => {
  it('names, as the program it allows, the launcher where the .deb installs it', () => {
    const execPath = /<annotate key="org\.freedesktop\.policykit\.exec\.path">([^<]+)<\/annotate>/.exec(policy)?.[1];
    expect(execPath).toBe(`/opt/${configValue('productName')}/resources/${LINUX_LAUNCHER}`);
    expect(builderConfig).toContain(`from: build/linux/${LINUX_LAUNCHER}\n      to: ${LINUX_LAUNCHER}`);
  });

  it('is installed by the .deb where polkit reads actions, under its action id', () => {
    const actionId = /<action id="([^"]+)">/.exec(policy)?.[1];
    expect(actionId).toBe('io.github.flashcreator.app.write');
    expect(builderConfig).toContain(`build/linux/io.github.flashcreator.app.policy=/usr/share/polkit-1/actions/io.github.flashcreator.app.policy`);
  });

  it('asks for an administrator password every time, and may show a dialog', () => {
    const defaults = [...policy.matchAll(/<(allow_any|allow_inactive|allow_active)>([^<]+)</g)].map((match) => match[2]);
    expect(defaults).toEqual(['auth_admin', 'auth_admin', 'auth_admin']);
    expect(policy).toContain('<annotate key="org.freedesktop.policykit.exec.allow_gui">true</annotate>');
    expect(/<message>([^<]+)<\/message>/.exec(policy)?.[1]).toMatch(/^Flash Creator needs an administrator password/);
  });

  it('runs the writer with the app\'s own binary, as Node, passing its arguments on', () => {
    expect(launcherScript).toContain(`ELECTRON_RUN_AS_NODE=1 \\\n  "$resources/../${configValue('executableName')}" "$resources/app.asar/${WRITER_ENTRY}" "$@"`);
  });

  it('lets nothing of its environment through but the caller\'s uid: run for real, with Node as the app\'s binary', () => {
    const install = mkdtempSync(join(tmpdir(), 'launcher-'));
    try {
      // The install's layout: the launcher in resources/, the binary beside it, the writer in app.asar/.
      const writer = join(install, 'resources', 'app.asar', WRITER_ENTRY);
      mkdirSync(dirname(writer), { recursive: true });
      writeFileSync(join(install, 'resources', LINUX_LAUNCHER), launcherScript, { mode: 0o755 });
      symlinkSync(process.execPath, join(install, configValue('executableName')));
      writeFileSync(writer, 'console.log(JSON.stringify({ env: process.env, argv: process.argv.slice(2) }));\n');
      const evil = join(install, 'evil.cjs');
      const marker = join(install, 'evil-ran');
      writeFileSync(evil, `require('node:fs').writeFileSync(${JSON.stringify(marker)}, '');\n`);
      const hostile = {
        PATH: `${install}:/usr/bin:/bin`,
        NODE_OPTIONS: `--require ${evil}`,
        ELECTRON_RUN_AS_NODE: '0',
        ELECTRON_ENABLE_LOGGING: '1',
        LD_PRELOAD: '',
        HOME: '/home/me',
        PKEXEC_UID: '1000',
      };
      const launched = spawnSync(join(install, 'resources', LINUX_LAUNCHER), [TOKEN_HASH_FLAG, 'hash with space'], { encoding: 'utf8', env: hostile });
      expect(launched.stderr).toBe('');
      expect(JSON.parse(launched.stdout)).toEqual({ env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', PKEXEC_UID: '1000', ELECTRON_RUN_AS_NODE: '1' }, argv: [TOKEN_HASH_FLAG, 'hash with space'] });
      expect(existsSync(marker)).toBe(false);
      // Started other than by pkexec, there is no caller's uid to pass on.
      const withoutUid = Object.fromEntries(Object.entries(hostile).filter(([name]) => name !== 'PKEXEC_UID'));
      expect(JSON.parse(spawnSync(join(install, 'resources', LINUX_LAUNCHER), [], { encoding: 'utf8', env: withoutUid }).stdout)).toMatchObject({ env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', ELECTRON_RUN_AS_NODE: '1' } });
      expect(existsSync(marker)).toBe(false);
    } finally {
      rmSync(install, { recursive: true, force: true });
    }
  });

  it('is what pkexec starts when the app has it, with nothing but the token hash', () => {
    const resources = mkdtempSync(join(tmpdir(), 'resources-'));
    try {
      expect(linuxLauncher(resources)).toBeUndefined();
      writeFileSync(join(resources, LINUX_LAUNCHER), launcherScript);
      const launcher = linuxLauncher(resources)!;
      expect(launcher).toBe(join(resources, LINUX_LAUNCHER));
      expect(elevationCommand('linux', { node: launcher, args: [TOKEN_HASH_FLAG, 'hash'] })).toEqual({ command: '/usr/bin/pkexec', args: [launcher, TOKEN_HASH_FLAG, 'hash'] });
    } finally {
      rmSync(resources, { recursive: true, force: true });
    }
  });
});
