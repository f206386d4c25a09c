import type { BlockSink } from '../disk/block-writer.js';

/** Where a drive image is written: an image file now, a block device later. */
export interface Target extends BlockSink {
  /** For messages: "the image file /tmp/x.img". */
  readonly description: string;
  readonly size: number;
  /**
   * True when bytes never written read as zero (a freshly truncated image file), so zero extents
   * can be skipped. A drive holds stale data: everything that must be zero is written.
   */
  readonly unwrittenReadsAsZero: boolean;
  /** Makes what was written durable (fsync). */
  flush(): Promise<void>;
  close(): Promise<void>;
}
