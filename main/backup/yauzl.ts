// yauzl, loaded through require: imported as an ES module it costs a process about 10 MB more
// memory (VmHWM 54 MB against 43.5 MB for Node with yauzl loaded through require, measured on
// Node 20), which counts for the writer's budget of 150 MB.
import { createRequire } from 'node:module';
import type * as Yauzl from 'yauzl';

export type { Entry, ZipFile } from 'yauzl';
export const yauzl = createRequire(import.meta.url)('yauzl') as typeof Yauzl;
