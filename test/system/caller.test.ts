// Whose rights a root process uses for the files a user names: the user pkexec or sudo raised, from
// what they set (never from a job), with that user's groups; and those rights for real, as root here.
import { chmodSync, mkdtempSync, openSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asCaller, callerOf } from '../../main/system/caller.js';

const accounts = {
  passwd: 'root:x:0:0:root:/root:/bin/bash\nana:x:1000:1000:Ana:/home/ana:/bin/bash\n',
  group: 'root:x:0:\nana:x:1000:\ndisk:x:6:ana,bob\nplugdev:x:46:bob\n',
};

describe('callerOf', () => {
  it('names the user pkexec raised, with their primary and supplementary groups', () => {
    expect(callerOf({ PKEXEC_UID: '1000' }, 0, accounts)).toEqual({ uid: 1000, gid: 1000, groups: [1000, 6] });
  });

  it('takes the group sudo names', () => {
    expect(callerOf({ SUDO_UID: '1000', SUDO_GID: '46' }, 0, accounts)).toEqual({ uid: 1000, gid: 46, groups: [46, 6] });
  });

  it('gives a user without an account no group but the nobody group', () => {
    expect(callerOf({ PKEXEC_UID: '1234' }, 0, accounts)).toEqual({ uid: 1234, gid: 65534, groups: [65534] });
  });

  it('names no one when root itself asked, when the process is not root, or when the number is not one', () => {
    expect(callerOf({}, 0, accounts)).toBeUndefined();
    expect(callerOf({ PKEXEC_UID: '0' }, 0, accounts)).toBeUndefined();
    expect(callerOf({ PKEXEC_UID: '1000' }, 1000, accounts)).toBeUndefined();
    expect(callerOf({ PKEXEC_UID: '-1' }, 0, accounts)).toBeUndefined();
    expect(callerOf({ SUDO_UID: '1000 ' }, 0, accounts)).toBeUndefined();
  });
});

describe.skipIf(process.getuid?.() !== 0)('asCaller, as root', () => {
  it('opens with the user’s rights only, then takes root’s back', () => {
    const folder = mkdtempSync(join(tmpdir(), 'caller-'));
    try {
      const secret = join(folder, 'root-only');
      writeFileSync(secret, 'x');
      chmodSync(secret, 0o600);
      const user = { uid: 1234, gid: 1234, groups: [1234] };
      expect(() => asCaller(user, () => openSync(secret, 'r'))).toThrow(/EACCES/);
      expect(process.geteuid?.()).toBe(0);
      expect(process.getegid?.()).toBe(0);
      closeSync(openSync(secret, 'r'));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
