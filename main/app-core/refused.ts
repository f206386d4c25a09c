// A request refused for a reason the user can act on: busy, an unknown drive, a drive that may not
// be written. The code tells the renderer what kind of refusal it is; the reason is what it shows.
import type { IpcErrorCode } from '../../shared/ipc.js';
import { formatMessage, type AnyMessage } from '../../shared/message.js';

export class RequestRefused extends Error {
  constructor(
    readonly code: IpcErrorCode,
    readonly reason: AnyMessage,
  ) {
    super(formatMessage(reason));
    this.name = 'RequestRefused';
  }
}
