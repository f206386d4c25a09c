// The download's terminal line: the share done, the speed of this run (not counting a resumed
// part), the time left; redrawn at most five times a second; silent without a terminal.
import { describe, expect, it } from 'vitest';
import { downloadPrinter } from '../../main/cli/download-progress.js';
import { Capture } from '../disk/restore-image.js';

describe('the download progress line', () => {
  it('gives the share, the speed over this run and the time left, redrawn in place', () => {
    const stderr = new Capture(true);
    let now = 0;
    const printer = downloadPrinter({ stdout: stderr, stderr }, () => now);
    printer.update(500e6, 1500e6); // resumed at 500 MB
    now = 0.1;
    printer.update(510e6, 1500e6); // too soon to redraw
    now = 10;
    printer.update(1000e6, 1500e6); // 500 MB in 10 s
    now = 20;
    printer.update(1500e6, 1500e6);
    printer.end();
    expect(stderr.text.split('\r').filter(Boolean).map((line) => line.trimEnd())).toEqual([
      'downloading 33% · 500 MB of 1.5 GB',
      'downloading 66% · 1.0 GB of 1.5 GB · 50.0 MB/s · less than a minute left',
      'downloading 100% · 1.5 GB of 1.5 GB · 50.0 MB/s · less than a minute left',
    ]);
    expect(stderr.text.endsWith('\n')).toBe(true);
  });

  it('says only the bytes when the size is unknown, and nothing without a terminal', () => {
    const tty = new Capture(true);
    downloadPrinter({ stdout: tty, stderr: tty }, () => 0).update(1e6, null);
    expect(tty.text).toBe('\rdownloading 1.0 MB');
    const pipe = new Capture(false);
    const silent = downloadPrinter({ stdout: pipe, stderr: pipe }, () => 0);
    silent.update(1e6, 2e6);
    silent.end();
    expect(pipe.text).toBe('');
  });
});
