export type LayoutErrorCode =
  | 'target-too-small'
  | 'does-not-fit'
  | 'file-too-large'
  | 'directory-too-large'
  | 'bad-name'
  | 'name-clash'
  | 'not-a-directory'
  | 'bad-label'
  | 'bad-boot-code';

/** Why a backup cannot be laid out on a target, in a sentence for the user; `path` names the file. */
export class LayoutError extends Error {
  constructor(
    readonly code: LayoutErrorCode,
    message: string,
    readonly path?: string,
    /** For 'does-not-fit' and 'target-too-small': the smallest target size that would do, in bytes. */
    readonly neededBytes?: number,
  ) {
    super(message);
    this.name = 'LayoutError';
  }
}
