// One line on the terminal, redrawn in place: padded so that a shorter line covers the longer one
// before it, ended with a newline when the job is done. The progress lines of writes and downloads.
import type { CliIO } from './io.js';

export interface TerminalLine {
  draw(line: string): void;
  end(): void;
}

export function terminalLine(io: CliIO): TerminalLine {
  let shown = '';
  return {
    draw(line) {
      if (line === shown) return;
      io.stderr.write(`\r${line.padEnd(shown.length)}`);
      shown = line;
    },
    end() {
      if (shown) io.stderr.write('\n');
      shown = '';
    },
  };
}
