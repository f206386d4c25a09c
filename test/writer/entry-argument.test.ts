// The app's entry point is the writer when, and only when, the writer argument is among its own
// arguments: as UAC and sudo start the packaged app, and as `npm start`'s Electron gets it after
// the app's folder. The entry point itself needs Electron to run (not installed here).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WRITER_ARGUMENT, writerRequested } from '../../main/writer/entry-argument.js';

describe('writerRequested', () => {
  it.each([
    [['C:\\Program Files\\Flash Creator\\Flash Creator.exe', WRITER_ARGUMENT, '--token-sha256', 'ab12', '--pipe', '\\\\.\\pipe\\x'], true],
    [['/Applications/Flash Creator.app/Contents/MacOS/Flash Creator', WRITER_ARGUMENT, '--token-sha256', 'ab12'], true],
    [['/src/node_modules/electron/dist/electron', '/src', WRITER_ARGUMENT, '--token-sha256', 'ab12'], true],
    [['/opt/Flash Creator/flash-creator'], false],
    [['/opt/Flash Creator/flash-creator', '--no-sandbox'], false],
    [['/opt/Flash Creator/flash-creator', '--flash-creator-writer=1'], false],
    [[WRITER_ARGUMENT], false],
  ])('%j → %s', (argv, expected) => {
    expect(writerRequested(argv)).toBe(expected);
  });

  it('is what the entry point decides on before it loads anything of the app', () => {
    const entry = readFileSync(join(import.meta.dirname, '../../main/app/main.ts'), 'utf8');
    const code = entry.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('//'));
    expect(code).toEqual([
      "import { writerRequested } from '../writer/entry-argument.js';",
      "if (writerRequested(process.argv)) await import('../writer/main.js');",
      "else await import('./desktop.js');",
    ]);
  });
});
