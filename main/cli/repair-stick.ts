// The stick itself, for a repair's check: the capacity probe, through the privileged writer's check
// job (the same re-check of the drive as a write, then places across it written, read back and put
// back as they were). A counterfeit or failing stick is never rewritten: the flash is copied to a
// new drive instead. (In the CLI, not main/repair: the writer reads a flash's state with main/repair.)
import { message } from '../../shared/message.js';
import { DeviceError, describeDevice } from '../drives/device.js';
import type { StickCheck } from '../repair/diagnosis.js';
import { runWithPrivileges } from '../writer/client.js';
import { confirmedDrive } from './verify.js';


/** Probes the stick at `devicePath`; `unsafe` accepts a drive that is not removable, or a loop device, if it is not in use. */
export async function probeStick(devicePath: string, unsafe: boolean): Promise<StickCheck> {
  let found;
  try {
    found = await describeDevice(devicePath);
  } catch (error) {
    if (error instanceof DeviceError) return { notProbed: [message('repair.stick-unknown', { detail: error.message })] };
    throw error;
  }
  const outcome = await runWithPrivileges({ kind: 'check', drive: confirmedDrive(found), unsafe }, () => undefined);
  if (outcome.status === 'refused') return { notProbed: outcome.reasons };
  if (outcome.status === 'failed') return { notProbed: [outcome.message] };
  if (outcome.status !== 'checked') throw new Error(`the writer answered a check with ${outcome.status}`);
  return { probe: outcome.probe };
}
