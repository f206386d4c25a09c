// Why a path cannot be described as a drive: the Linux (device.ts) and macOS/Windows
// (listed-device.ts) descriptions refuse in the same words.

export type DeviceErrorCode = 'no-such-device' | 'not-a-block-device' | 'partition' | 'unreadable';

/** Why a path cannot be described as a drive, in a sentence that names it. */
export class DeviceError extends Error {
  constructor(
    readonly code: DeviceErrorCode,
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'DeviceError';
  }
}

/** The refusal of a partition: the writer takes whole drives only. */
export function partitionError(path: string, disk: string): DeviceError {
  return new DeviceError('partition', `${path} is a partition of ${disk}: choose the whole drive, ${disk}.`, path);
}
