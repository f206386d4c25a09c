// The writer's output as the app reads it: JSON lines (writer/protocol.ts), except that a line
// announcing zip bytes is followed by that many raw bytes. A back-up's zip crosses the channel as it
// is, with no encoding to undo: as base64 in JSON the same zip took 2.3 times as long.
import type { Readable } from 'node:stream';
import { parseEvent, type WriterEvent } from './protocol.js';

/** One event, and the raw bytes that followed it when it announced some. */
export type Frame = { readonly event: WriterEvent; readonly bytes?: Buffer };

const NEWLINE = 0x0a;

/** Calls onFrame for every event on `input`, in order; lines that are not events (a stray warning) are skipped. */
export function readFrames(input: Readable, onFrame: (frame: Frame) => void): void {
  let line: Buffer[] = [];
  let announced: { event: WriterEvent; length: number; parts: Buffer[]; received: number } | undefined;
  input.on('data', (data: Buffer) => {
    let at = 0;
    while (at < data.length) {
      if (announced) {
        const part = data.subarray(at, at + announced.length - announced.received);
        announced.parts.push(part);
        announced.received += part.length;
        at += part.length;
        if (announced.received === announced.length) {
          onFrame({ event: announced.event, bytes: Buffer.concat(announced.parts) });
          announced = undefined;
        }
        continue;
      }
      const end = data.indexOf(NEWLINE, at);
      if (end < 0) {
        line.push(data.subarray(at));
        break;
      }
      line.push(data.subarray(at, end));
      at = end + 1;
      const event = parseEvent(Buffer.concat(line).toString('utf8'));
      line = [];
      if (!event) continue;
      const length = event.type === 'zip-bytes' ? event.length : 0;
      if (length > 0) announced = { event, length, parts: [], received: 0 };
      else onFrame({ event });
    }
  });
}
