import { formatMessage, type AnyMessage } from '../../shared/message.js';

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

/** Why a backup cannot be laid out on a target, as a message for the user (its Error message: the English); `path` names the file. */
export class LayoutError extends Error {
  constructor(
    readonly code: LayoutErrorCode,
    readonly reason: AnyMessage,
    readonly path?: string,
    /** For 'does-not-fit' and 'target-too-small': the smallest target size that would do, in bytes. */
    readonly neededBytes?: number,
  ) {
    super(formatMessage(reason));
    this.name = 'LayoutError';
  }
}
