// The Linux app's way to the writer: pkexec starts the launcher its polkit action names, and the
// launcher runs the writer with the app's own binary. The .deb that installs both cannot be built
// here (electron-builder downloads its tools); package-check.ts runs the packaged launcher, and
// these tests hold the policy, the launcher and the packaging config to one another.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    expect(launcherScript).toContain(`ELECTRON_RUN_AS_NODE=1 exec "$resources/../${configValue('executableName')}" "$resources/app.asar/${WRITER_ENTRY}" "$@"`);
  });

  it('is what pkexec starts when the app has it, with nothing but the token hash', () => {
    const resources = mkdtempSync(join(tmpdir(), 'resources-'));
    try {
      expect(linuxLauncher(resources)).toBeUndefined();
      writeFileSync(join(resources, LINUX_LAUNCHER), launcherScript);
      const launcher = linuxLauncher(resources)!;
      expect(launcher).toBe(join(resources, LINUX_LAUNCHER));
      expect(elevationCommand('linux', { node: launcher, args: [TOKEN_HASH_FLAG, 'hash'] })).toEqual({ command: 'pkexec', args: [launcher, TOKEN_HASH_FLAG, 'hash'] });
    } finally {
      rmSync(resources, { recursive: true, force: true });
    }
  });
});
