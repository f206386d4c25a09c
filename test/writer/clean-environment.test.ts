// What the privileged writer keeps of the environment it is started with.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cleanWriterEnvironment } from '../../main/writer/clean-environment.js';

const hostile = {
  PATH: '/home/me/bin:/usr/bin',
  NODE_OPTIONS: '--require /tmp/evil.js',
  ELECTRON_RUN_AS_NODE: '1',
  LD_PRELOAD: '/tmp/evil.so',
  HOME: '/home/me',
  PKEXEC_UID: '1000',
  SUDO_UID: '1000',
  SUDO_GID: '1000',
  SUDO_USER: 'me',
  LANG: 'de_DE.UTF-8',
  LC_ALL: 'de_DE.UTF-8',
  LC_TIME: 'C',
  LANGUAGE: 'de',
};

describe('cleanWriterEnvironment', () => {
  it('Linux and macOS: a fixed PATH, who asked (pkexec, sudo) and the locale, nothing else', () => {
    expect(cleanWriterEnvironment(hostile, 'linux')).toEqual({
      PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
      PKEXEC_UID: '1000',
      SUDO_UID: '1000',
      SUDO_GID: '1000',
      SUDO_USER: 'me',
      LANG: 'de_DE.UTF-8',
      LC_ALL: 'de_DE.UTF-8',
      LC_TIME: 'C',
    });
    expect(cleanWriterEnvironment({}, 'darwin')).toEqual({ PATH: '/usr/sbin:/usr/bin:/sbin:/bin' });
  });

  it('Windows (untestable here): PATH from the system folder, names in any case, an odd SystemRoot ignored', () => {
    const windows = { Path: 'C:\\Users\\me\\bin', SYSTEMROOT: 'D:\\Windows', ComSpec: 'D:\\Windows\\system32\\cmd.exe', PATHEXT: '.COM;.EXE', TEMP: 'C:\\Users\\me\\AppData\\Local\\Temp', NODE_OPTIONS: '--require x', SystemDrive: 'D:' };
    expect(cleanWriterEnvironment(windows, 'win32')).toEqual({
      SystemRoot: 'D:\\Windows',
      windir: 'D:\\Windows',
      PATH: 'D:\\Windows\\System32;D:\\Windows;D:\\Windows\\System32\\Wbem;D:\\Windows\\System32\\WindowsPowerShell\\v1.0',
      SystemDrive: 'D:',
      ComSpec: 'D:\\Windows\\system32\\cmd.exe',
      PATHEXT: '.COM;.EXE',
      TEMP: 'C:\\Users\\me\\AppData\\Local\\Temp',
    });
    expect(cleanWriterEnvironment({ SystemRoot: 'C:\\Users\\me\\evil' }, 'win32')['SystemRoot']).toBe('C:\\Windows');
  });

  it('applyCleanEnvironment leaves a process only those variables', () => {
    // Without the two that would act on the test's own child before its first line.
    const inherited = Object.fromEntries(Object.entries(hostile).filter(([name]) => name !== 'NODE_OPTIONS' && name !== 'LD_PRELOAD'));
    const script = "import('./main/writer/clean-environment.ts').then((m) => { m.applyCleanEnvironment(); console.log(JSON.stringify(process.env)); })";
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', cwd: `${import.meta.dirname}/../..`, env: { ...inherited, PATH: process.env['PATH'] } });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual(cleanWriterEnvironment(inherited, 'linux'));
  });
});
