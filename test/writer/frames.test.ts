// The writer's output read back however the system cuts it: JSON lines, raw zip bytes after the
// line that announces them, stray lines skipped, and a length that is not one refused.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readFrames, type Frame } from '../../main/writer/frames.js';
import { encodeEvent } from '../../main/writer/protocol.js';

const zipBytes = Buffer.from('PK\u0003\u0004 raw bytes with a newline \n inside', 'latin1');
const stream = Buffer.concat([
  Buffer.from(encodeEvent({ type: 'hello', tokenHash: 'ab' })),
  Buffer.from('(node:1) Warning: not an event\n'),
  Buffer.from(encodeEvent({ type: 'zip', action: 'begin' })),
  Buffer.from(encodeEvent({ type: 'zip-bytes', length: zipBytes.length })),
  zipBytes,
  Buffer.from(encodeEvent({ type: 'zip', action: 'keep' })),
]);

function framesOf(chunks: Buffer[]): Frame[] {
  const input = new PassThrough();
  const frames: Frame[] = [];
  readFrames(input, (frame) => frames.push(frame));
  for (const chunk of chunks) input.write(chunk);
  return frames;
}

describe('readFrames', () => {
  it.each([1, 3, 7, stream.length])('reads every event and the bytes that follow, in chunks of %i bytes', async (size) => {
    const chunks: Buffer[] = [];
    for (let at = 0; at < stream.length; at += size) chunks.push(stream.subarray(at, at + size));
    const frames = framesOf(chunks);
    await new Promise((resolve) => setImmediate(resolve));
    expect(frames.map(({ event }) => event.type)).toEqual(['hello', 'zip', 'zip-bytes', 'zip']);
    expect(frames[2]!.bytes).toEqual(zipBytes);
  });

  it('skips a zip-bytes line whose length is not a whole number of bytes, and reads on', async () => {
    const frames = framesOf([Buffer.from('{"type":"zip-bytes","length":-5}\n{"type":"zip-bytes","length":"9"}\n'), Buffer.from(encodeEvent({ type: 'zip', action: 'discard' }))]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(frames.map(({ event }) => event)).toEqual([{ type: 'zip', action: 'discard' }]);
  });
});
