export type SyslinuxErrorCode =
  | 'syslinux-no-template'
  | 'syslinux-no-core'
  | 'syslinux-version-mismatch'
  | 'syslinux-bad-placement'
  | 'syslinux-directory-too-long';

/** Why the legacy BIOS boot loader cannot be installed, in a sentence a user understands. */
export class SyslinuxError extends Error {
  constructor(
    readonly code: SyslinuxErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SyslinuxError';
  }
}
