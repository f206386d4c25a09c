// The system's programs are found in fixed folders, never on PATH.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { powershellEncoded, SYSTEM_DIRECTORIES, systemTool, windowsPowerShell } from '../../main/drives/system-tools.js';

const scratch = mkdtempSync(join(tmpdir(), 'system-tools-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('systemTool', () => {
  it('finds a program in the first folder that has it as an executable, and nowhere else', () => {
    const [first, second] = [join(scratch, 'sbin'), join(scratch, 'bin')];
    mkdirSync(first);
    mkdirSync(second);
    writeFileSync(join(first, 'tool'), '', { mode: 0o644 });
    writeFileSync(join(second, 'tool'), '', { mode: 0o755 });
    expect(systemTool('tool', [first, second])).toBe(join(second, 'tool'));
    expect(systemTool('missing', [first, second])).toBeUndefined();
  });

  it('looks in the system folders only, whatever PATH says', () => {
    expect(SYSTEM_DIRECTORIES).toEqual(['/usr/sbin', '/usr/bin', '/sbin', '/bin']);
    const saved = process.env['PATH'];
    process.env['PATH'] = join(scratch, 'bin');
    try {
      expect(systemTool('tool')).toBeUndefined();
      expect(systemTool('sh')).toMatch(/^\/(usr\/)?s?bin\/sh$/);
    } finally {
      process.env['PATH'] = saved;
    }
  });
});

describe('PowerShell (untestable here: Windows)', () => {
  it('is named in the system folder', () => {
    expect(windowsPowerShell('C:\\WINDOWS')).toBe('C:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    expect(windowsPowerShell('..\\evil')).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
  });

  it('gets its script as base64 of UTF-16LE', () => {
    expect(powershellEncoded('Get-Date ’')).toBe(Buffer.from('Get-Date ’', 'utf16le').toString('base64'));
    expect(Buffer.from(powershellEncoded('a'), 'base64')).toEqual(Buffer.from([0x61, 0x00]));
  });
});
