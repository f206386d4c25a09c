// Why the FAT reader cannot read a drive, or a file or folder on it: messages of the catalogue's
// fat group, typed so that only such a message (never English text) can be given as a reason.
import type { Message, MessageCode } from '../../shared/message.js';

type MessageUnder<P extends string> = { [C in Extract<MessageCode, `${P}${string}`>]: Message<C> }[Extract<MessageCode, `${P}${string}`>];

/** Why a file or folder of a volume cannot be read (the clause after its name). */
export type FatReason = MessageUnder<'fat.reason.'>;
/** Why a drive holds no FAT volume that can be read. */
export type VolumeReason = MessageUnder<'fat.volume.'>;
/** Why a boot sector is not one of a FAT volume that can be read. */
export type BootSectorReason = MessageUnder<'fat.boot.'>;
