import type { AnyMessage } from '../../shared/message.js';

/** One way the written drive differs from the backup, or from a well-formed UNRAID flash. */
export interface Difference {
  readonly kind: DifferenceKind;
  /** The file or folder concerned, as a path on the drive. */
  readonly path?: string;
  /** What differs, in the engine's words (difference.*); the FAT walk's own findings as text for now. */
  readonly message: AnyMessage;
}

export type DifferenceKind =
  | 'partition-table'
  | 'filesystem'
  | 'label'
  | 'missing'
  | 'extra'
  | 'name-case'
  | 'type'
  | 'size'
  | 'content'
  | 'sha256'
  | 'boot-loader';
