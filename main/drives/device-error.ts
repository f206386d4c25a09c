// Why a path cannot be described as a drive: the Linux (device.ts) and macOS/Windows
// (listed-device.ts) descriptions refuse in the same words.
import { formatMessage, message, type AnyMessage } from '../../shared/message.js';


export type DeviceErrorCode = 'no-such-device' | 'not-a-block-device' | 'partition' | 'unreadable';

/** Why a path cannot be described as a drive, as a message that names it (its Error message: the English). */
export class DeviceError extends Error {
  constructor(
    readonly code: DeviceErrorCode,
    readonly reason: AnyMessage,
    readonly path: string,
  ) {
    super(formatMessage(reason));
    this.name = 'DeviceError';
  }
}

/** The refusal of a partition: the writer takes whole drives only. */
export function partitionError(path: string, disk: string): DeviceError {
  return new DeviceError('partition', message('device.partition', { path, disk }), path);
}
