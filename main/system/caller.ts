// Who asked for the work, when this process runs as root for someone else: the user pkexec or sudo
// raised, named by the elevation tool itself (PKEXEC_UID, SUDO_UID), never by the job. Files that
// user names (a backup zip to read, a zip to create) are opened with that user's rights, so root's
// rights never reach a path the user can change.
import { readFileSync } from 'node:fs';

export interface Caller {
  readonly uid: number;
  readonly gid: number;
  /** Supplementary groups, the primary one included. */
  readonly groups: readonly number[];
}

/** The accounts and groups databases, as text (the system's own files unless a test gives others). */
export interface AccountFiles {
  readonly passwd: string;
  readonly group: string;
}

/**
 * The user this root process works for, from what pkexec or sudo set; undefined when the process
 * is not root, or when root itself asked (no elevation tool, or root ran it). Pure.
 */
export function callerOf(env: NodeJS.ProcessEnv, effectiveUid: number | undefined, accounts: AccountFiles): Caller | undefined {
  if (effectiveUid !== 0) return undefined;
  // pkexec names only the uid; sudo names the uid and the group it ran the user with.
  const uid = idOf(env.PKEXEC_UID) ?? idOf(env.SUDO_UID);
  if (uid === undefined || uid === 0) return undefined;
  const account = accountOf(uid, accounts.passwd);
  const gid = (env.PKEXEC_UID === undefined ? idOf(env.SUDO_GID) : undefined) ?? account?.gid ?? NO_GROUP;
  const supplementary = account ? groupsListing(account.name, accounts.group) : [];
  return { uid, gid, groups: [...new Set([gid, ...supplementary])] };
}

/** The caller of this process, read from its environment and the system's account files. */
export function callerFromSystem(): Caller | undefined {
  if (process.geteuid?.() !== 0) return undefined;
  return callerOf(process.env, 0, { passwd: readOrEmpty('/etc/passwd'), group: readOrEmpty('/etc/group') });
}

/**
 * Runs `action` with the caller's effective uid, gid and groups, then takes root's back. Only
 * synchronous work: nothing else of this process may run meanwhile with the caller's rights, nor
 * with root's where the caller's were meant. Without a caller the action runs as this process is.
 */
export function asCaller<T>(caller: Caller | undefined, action: () => T): T {
  if (!caller) return action();
  const { setgroups, setegid, seteuid, getgroups, getegid } = posixIds();
  const groups = getgroups();
  const gid = getegid();
  setgroups([...caller.groups]);
  setegid(caller.gid);
  seteuid(caller.uid);
  try {
    return action();
  } finally {
    seteuid(0);
    setegid(gid);
    setgroups(groups);
  }
}

/** A group no file belongs to by accident: the caller gets only what others get. */
const NO_GROUP = 65534;

function posixIds(): Required<Pick<NodeJS.Process, 'setgroups' | 'setegid' | 'seteuid' | 'getgroups' | 'getegid'>> {
  const { setgroups, setegid, seteuid, getgroups, getegid } = process;
  if (!setgroups || !setegid || !seteuid || !getgroups || !getegid) throw new Error('this system cannot take on another user’s rights');
  return { setgroups, setegid, seteuid, getgroups, getegid };
}

function idOf(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,10}$/.test(text)) return undefined;
  const id = Number(text);
  return id <= 0xffff_fffe ? id : undefined;
}

/** The passwd line for uid: its name and primary group. */
function accountOf(uid: number, passwd: string): { name: string; gid: number } | undefined {
  for (const line of passwd.split('\n')) {
    const [name, , id, gid] = line.split(':');
    if (name && id !== undefined && idOf(id) === uid && idOf(gid) !== undefined) return { name, gid: idOf(gid)! };
  }
  return undefined;
}

/** The groups whose member list names the user. */
function groupsListing(name: string, group: string): number[] {
  return group.split('\n').flatMap((line) => {
    const [, , gid, members] = line.split(':');
    const id = idOf(gid);
    return id !== undefined && (members ?? '').split(',').includes(name) ? [id] : [];
  });
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
