// The app's drives: the system's own, listed (and watched for hot-plug) by main/drives, judged for
// the chosen backup. Writing to one needs raw access to the device, which is the privileged
// writer's job (issue 5, not built yet): until it lands the app refuses to write, saying why.
import type { DriveSource } from '../app-core/drive-source.js';
import type { DriveAccess } from '../app-core/restore-job.js';
import { watchDriveList } from '../drives/list.js';
import { TargetError } from '../flash/image-target.js';

export const systemDrives: DriveSource = {
  watch: (backup, onChange, onError) => watchDriveList(onChange, onError, backup),
};

const NO_WRITER = 'This build of Flash Creator cannot write to drives yet: the privileged writer that opens the device is still missing.';

export const systemDriveAccess: DriveAccess = {
  openTarget: (device) => Promise.reject(new TargetError(`${NO_WRITER} (${device} was not touched.)`)),
  openSource: (device) => Promise.reject(new TargetError(`${NO_WRITER} (${device} was not read.)`)),
};
