// What a drive's check decides, as data: the badge its row shows, whether the way on is open, and
// why not. Pure, so the rules are tested without a screen: a fake or failing drive never goes on; a
// drive that cannot take a licence (no GUID, or refused by Lime Technology) goes on only when the
// owner ticks that they understand, and only matters when the backup holds a licence key.
import type { DriveCheck, DriveRow } from '../../shared/ipc.js';
import { licenceRulesOut } from '../../shared/licence.js';
import { isSlow } from '../../shared/probe.js';

export type BadgeTone = 'ok' | 'warning' | 'refused';

/** A row's badge: its words (drive.badge.<key>, with params) and its colour. */
export interface DriveBadge {
  readonly key: 'counterfeit' | 'failing' | 'noLicence' | 'checked' | 'slow' | 'ok' | 'warning' | 'refused';
  readonly tone: BadgeTone;
  readonly realBytes?: number;
}

/** Why the way on is closed (drive.why.<reason>); null when it is open. */
export type BlockReason = 'choose' | 'checking' | 'counterfeit' | 'failing' | 'acknowledge';

export interface DriveGate {
  readonly badge: DriveBadge;
  /** The drive cannot take the backup's licence: the owner must tick that they understand. */
  readonly needsAcknowledgement: boolean;
  readonly blocked: BlockReason | null;
}

/** The badge of a drive: the check's finding once it is checked, the list's verdict until then. */
export function driveBadge(drive: DriveRow, check: DriveCheck | undefined): DriveBadge {
  const capacity = check?.capacity;
  if (capacity && capacity.verdict === 'fake-capacity') return { key: 'counterfeit', tone: 'refused', realBytes: capacity.realBytes };
  if (capacity && capacity.verdict === 'failing') return { key: 'failing', tone: 'refused' };
  if (licenceImpossible(drive, check)) return { key: 'noLicence', tone: 'refused' };
  if (check && capacity) {
    if (isSlow(capacity)) return { key: 'slow', tone: 'warning' };
    return { key: 'checked', tone: 'ok' };
  }
  return { key: drive.verdict, tone: drive.verdict };
}

/** The drive cannot take an Unraid licence: it has no GUID, or the check found its GUID refused. */
export function licenceImpossible(drive: DriveRow, check: DriveCheck | undefined): boolean {
  return drive.guid === null || (check !== undefined && licenceRulesOut(check.licence));
}

/**
 * Whether the chosen drive may go on. `holdsKey`: the backup (or old flash) holds a licence key,
 * which a drive without a licensable GUID makes useless.
 */
export function driveGate(drive: DriveRow | undefined, check: DriveCheck | undefined, options: { readonly checking: boolean; readonly holdsKey: boolean; readonly acknowledged: boolean }): DriveGate {
  if (!drive) return { badge: { key: 'ok', tone: 'ok' }, needsAcknowledgement: false, blocked: 'choose' };
  const badge = driveBadge(drive, check);
  const needsAcknowledgement = options.holdsKey && licenceImpossible(drive, check);
  const blocked: BlockReason | null = options.checking
    ? 'checking'
    : badge.key === 'counterfeit' || badge.key === 'failing'
      ? badge.key
      : needsAcknowledgement && !options.acknowledged
        ? 'acknowledge'
        : null;
  return { badge, needsAcknowledgement, blocked };
}
