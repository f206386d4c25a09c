// What Linux has in use, as its /proc files say: mounted filesystems (/proc/self/mountinfo) and swap
// partitions (/proc/swaps). Pure parsers; device.ts reads the files.

export interface MountEntry {
  /** "major:minor" of the filesystem's device; major 0 for filesystems without one (btrfs, tmpfs). */
  readonly devNumber: string;
  readonly mountpoint: string;
  readonly fstype: string;
  /** As mounted: /dev/sdb1, tmpfs, server:/export... */
  readonly source: string;
}

/**
 * /proc/self/mountinfo, one mount a line:
 * `36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue`
 * (id, parent, major:minor, root, mountpoint, options, optional fields, "-", type, source, options).
 */
export function parseMountInfo(text: string): MountEntry[] {
  const mounts: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const [before, after] = line.split(' - ');
    const fields = before?.split(' ') ?? [];
    const [fstype, source] = after?.split(' ') ?? [];
    const devNumber = fields[2];
    const mountpoint = fields[4];
    if (devNumber === undefined || mountpoint === undefined || fstype === undefined || source === undefined) continue;
    mounts.push({ devNumber, mountpoint: unescapeOctal(mountpoint), fstype, source: unescapeOctal(source) });
  }
  return mounts;
}

/** The swap partitions of /proc/swaps (swap files live on a mounted filesystem, which counts already). */
export function parseSwapPartitions(text: string): string[] {
  return text
    .split('\n')
    .slice(1)
    .map((line) => line.split(/\s+/u))
    .filter(([name, type]) => name && type === 'partition')
    .map(([name]) => unescapeOctal(name ?? ''));
}

/** The mount a path lives on: the deepest mountpoint holding it; of mounts stacked on one, the last. */
export function mountHolding(mounts: readonly MountEntry[], path: string): MountEntry | undefined {
  let holder: MountEntry | undefined;
  for (const mount of mounts) {
    const inside = mount.mountpoint === '/' || path === mount.mountpoint || path.startsWith(`${mount.mountpoint}/`);
    if (inside && mount.mountpoint.length >= (holder?.mountpoint.length ?? 0)) holder = mount;
  }
  return holder;
}

/** A dev_t as "major:minor", as sysfs writes it (glibc's gnu_dev_major and gnu_dev_minor). */
export function devNumberOf(dev: bigint): string {
  const major = ((dev & 0xfff00n) >> 8n) | ((dev & 0xfffff00000000000n) >> 32n);
  const minor = (dev & 0xffn) | ((dev & 0xffffff00000n) >> 12n);
  return `${major}:${minor}`;
}

/** The kernel writes space, tab, newline and backslash in these files as \040, \011, \012, \134. */
function unescapeOctal(text: string): string {
  return text.replace(/\\([0-7]{3})/gu, (_match, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}
