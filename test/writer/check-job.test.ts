import { describe, expect, it } from 'vitest';
import { JobError, parseJob } from '../../main/writer/job.js';
import { encodeEvent, parseEvent } from '../../main/writer/protocol.js';
import type { ProbeResult } from '../../shared/probe.js';

const drive = { device: '/dev/sdb', size: 8e9, devNumber: '8:16', guid: '0781-5581-0000-00A1B2C3D4E5', description: 'Cruzer' };

describe('the check job', () => {
  it('names only the drive and --unsafe: no backup', () => {
    expect(parseJob({ kind: 'check', drive, unsafe: false })).toEqual({ kind: 'check', drive, unsafe: false });
    expect(() => parseJob({ kind: 'check', drive })).toThrow(JobError);
    expect(() => parseJob({ kind: 'check', unsafe: true })).toThrow(/drive must be an object/);
  });

  it('its verdict travels as a probe event, like progress', () => {
    const probe: ProbeResult = {
      verdict: 'fake-capacity', claimedBytes: 64e9, realBytes: 2 ** 30, wrapBytes: 2 ** 30, places: 1098,
      failures: [{ offset: 2 ** 30, reading: 'wrapped', aliasOf: 0 }], failureCount: 12,
      writeBytesPerSecond: 2e7, readBytesPerSecond: 3e7, seconds: 0.6, restored: true,
    };
    expect(parseEvent(encodeEvent({ type: 'probe', probe }).trim())).toEqual({ type: 'probe', probe });
  });
});
