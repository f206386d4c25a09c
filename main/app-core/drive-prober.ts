// Who runs the capacity probe for the app's Drive step: the privileged writer for the system's
// drives (privileged-runner.ts), the harness's own image drives in process (restore-job.ts). The
// drive is named as the list showed it; the prober checks it is still that drive.
import type { AnyMessage } from '../../shared/message.js';
import type { ProbeResult } from '../../shared/probe.js';

export interface DriveToProbe {
  readonly device: string;
  readonly size: number;
  readonly description: string;
  readonly guid: string | null;
}

export type ProbeAnswer = { readonly ok: true; readonly probe: ProbeResult } | { readonly ok: false; readonly message: AnyMessage };

export interface DriveProber {
  /** Never throws: a drive that cannot be probed is an answer with the reason. */
  probe(drive: DriveToProbe): Promise<ProbeAnswer>;
}
