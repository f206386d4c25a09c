// A back-up's zip on its way from the privileged writer to the app, over the writer's channel: the
// writer reads the old flash as root but creates no file; the app saves the bytes as its user
// (zip-destination.ts), so root's rights never reach a path the user can change. Each pass of the
// back-up is begun, streamed and then kept or dropped, as the writer's destination is asked.
import { once } from 'node:events';
import { Writable } from 'node:stream';
import type { BackupDestination } from '../backup-maker/zip-destination.js';
import type { WriterEvent } from './protocol.js';

/** Sends one event, and the raw bytes it announces; settles once the channel can take more (backpressure from the app's disk). */
export type SendEvent = (event: WriterEvent, bytes?: Buffer) => Promise<void>;

/** The writer's side: a destination whose zips go over the channel. */
export function channelDestination(send: SendEvent): BackupDestination {
  return {
    async begin() {
      await send({ type: 'zip', action: 'begin' });
      return new Writable({
        write: (chunk: Buffer, _encoding, done) => void send({ type: 'zip-bytes', length: chunk.length }, chunk).then(() => done(), done),
      });
    },
    keep: () => send({ type: 'zip', action: 'keep' }),
    discard: () => send({ type: 'zip', action: 'discard' }),
  };
}

/**
 * The app's side: takes the writer's zip events, in order, into its own destination. A failure
 * there (the disk full, the folder gone) is kept for the job's answer, and the rest is dropped.
 */
export class ZipReceiver {
  private current: Writable | undefined;
  private settled: Promise<void> = Promise.resolve();
  private pending = 0;
  failure: Error | undefined;

  constructor(
    private readonly destination: BackupDestination,
    /** Told when the receiver falls behind (pause the channel) and when it has caught up. */
    private readonly onBacklog: (behind: boolean) => void,
  ) {}

  /** Queues an event (with the bytes of a zip-bytes event); events that are not the zip's are ignored. */
  take(event: WriterEvent, bytes?: Buffer): void {
    if (event.type !== 'zip' && event.type !== 'zip-bytes') return;
    if (++this.pending === BACKLOG_HIGH) this.onBacklog(true);
    this.settled = this.settled
      .then(() => (this.failure ? undefined : this.apply(event, bytes)))
      .catch((error: unknown) => void (this.failure = error instanceof Error ? error : new Error(String(error))))
      .finally(() => {
        if (--this.pending === BACKLOG_LOW) this.onBacklog(false);
      });
  }

  /** Once every event taken is applied: drops whatever was not kept (after a failure, a crash or a cancel). */
  async finish(): Promise<void> {
    await this.settled;
    await this.destination.discard();
  }

  private async apply(event: Extract<WriterEvent, { type: 'zip' | 'zip-bytes' }>, bytes: Buffer | undefined): Promise<void> {
    if (event.type === 'zip-bytes') {
      if (!this.current) throw new Error('the writer sent zip bytes before beginning a zip');
      const stream = this.current;
      if (bytes && !stream.write(bytes)) await once(stream, 'drain');
      return;
    }
    if (event.action === 'begin') this.current = await this.destination.begin();
    else if (event.action === 'keep') await this.keep();
    else await this.destination.discard();
  }

  private async keep(): Promise<void> {
    const stream = this.current;
    if (!stream) throw new Error('the writer kept a zip it never began');
    await new Promise<void>((resolve, reject) => {
      stream.once('error', reject);
      stream.end(resolve);
    });
    this.current = undefined;
    await this.destination.keep();
  }
}

/** Events waiting to be applied before the channel is paused, and when it resumes. */
const BACKLOG_HIGH = 32;
const BACKLOG_LOW = 4;
