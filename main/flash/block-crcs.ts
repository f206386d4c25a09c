// The CRC-32 of every 4 KiB block of a write, for read-back. They are computed in a worker thread:
// a CRC pass over every byte written costs about as much as checking the zip's own CRCs, and on the
// main thread it would hold up the unpacking and the writing, which need that thread to move on.
// Bytes in a SharedArrayBuffer (the block writer's buffers) reach the worker without a copy;
// other bytes (the few small writes of the boot sectors) are copied into one first.
import { Worker } from 'node:worker_threads';
import { crc32Implementation } from '../checksum/crc32.js';

export const CRC_BLOCK = 4096;

// Plain JavaScript run with eval, so there is no separate file to find in a packaged app. It loads
// the same CRC-32 module as the main thread (workerData).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { crc32 } = require(workerData.crc32Module);
parentPort.on('message', ({ id, bytes }) => {
  const crcs = new Uint32Array(Math.ceil(bytes.length / ${CRC_BLOCK}));
  for (let index = 0; index < crcs.length; index++) crcs[index] = crc32(bytes.subarray(index * ${CRC_BLOCK}, (index + 1) * ${CRC_BLOCK}));
  parentPort.postMessage({ id, crcs }, [crcs.buffer]);
});
`;

interface Request {
  resolve(crcs: Uint32Array): void;
  reject(error: unknown): void;
}

let worker: Worker | undefined;
const pending = new Map<number, Request>();
let nextId = 0;

/** The CRC-32 of each 4 KiB block of `bytes` (the last one may be shorter). */
export function blockCrcs(bytes: Uint8Array): Promise<Uint32Array> {
  const shared = bytes.buffer instanceof SharedArrayBuffer ? bytes : copyToShared(bytes);
  const id = nextId++;
  const running = worker ?? startWorker();
  // The worker keeps the process alive only while it owes an answer.
  if (pending.size === 0) running.ref();
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    running.postMessage({ id, bytes: shared });
  });
}

function copyToShared(bytes: Uint8Array): Uint8Array {
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
  shared.set(bytes);
  return shared;
}

function startWorker(): Worker {
  const started = new Worker(WORKER_SOURCE, { eval: true, workerData: { crc32Module: crc32Implementation.module } });
  started.unref();
  started.on('message', ({ id, crcs }: { id: number; crcs: Uint32Array }) => {
    const request = pending.get(id);
    pending.delete(id);
    if (pending.size === 0) started.unref();
    request?.resolve(crcs);
  });
  const fail = (error: unknown): void => {
    worker = undefined;
    for (const request of pending.values()) request.reject(error);
    pending.clear();
  };
  started.on('error', fail);
  started.on('exit', (code) => fail(new Error(`The CRC worker stopped (exit code ${code}).`)));
  worker = started;
  return started;
}
