// How the owner recognises a drive: its drive letters or mount points with their volume labels
// ("E: ‘PHOTOS’"), which the system gives in the drive list; a drive with any of them holds data.
import type { TFunction } from 'i18next';
import type { DriveRow } from '../shared/ipc.js';

/** Each mounted volume as the owner knows it: "E:" or "/media/me/PHOTOS", with its label when the system gives one. */
export function volumeNames(t: TFunction, drive: Pick<DriveRow, 'mountpoints' | 'volumeLabels'>): string[] {
  return drive.mountpoints.map((mountpoint) => {
    const label = drive.volumeLabels?.find((volume) => volume.mountpoint === mountpoint)?.label;
    return label ? t('drive.volumeLabelled', { mount: mountpoint, label }) : mountpoint;
  });
}

/** The volumes in one line ("E: ‘PHOTOS’, F:"); '' when nothing on the drive is mounted. */
export function volumesText(t: TFunction, drive: Pick<DriveRow, 'mountpoints' | 'volumeLabels'>): string {
  return volumeNames(t, drive).join(t('drive.volumeSeparator'));
}
