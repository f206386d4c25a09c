// The app's drives: the system's own, listed (and watched for hot-plug) by main/drives, judged for
// the chosen backup. Writing one needs raw access to the device: the privileged writer does it
// (app-core/privileged-runner.ts).
import type { DriveSource } from '../app-core/drive-source.js';
import { watchDriveList } from '../drives/list.js';

export const systemDrives: DriveSource = {
  watch: (backup, onChange, onError) => watchDriveList(onChange, onError, backup),
};
