// The post-restore checklist as the Done step shows it and as it is copied: the backup's own
// sections, with the new drive's GUID where the licence needs it, in plain text for a note or a ticket.
import type { TFunction } from 'i18next';
import { LICENSE_SECTIONS, type ChecklistSection } from '../shared/backup-report.js';
import { message } from '../shared/message.js';
import { wordMessage } from './i18n/engine.js';

export interface ChecklistEntry {
  readonly id: string;
  readonly title: string;
  readonly items: readonly string[];
}

/** The sections to show in the current language, with the licence pointed at the new GUID (or at why the drive has none). */
export function checklistEntries(t: TFunction, sections: readonly ChecklistSection[], guid: string | null): ChecklistEntry[] {
  return sections.map((section) => {
    const entry = { id: section.id, title: wordMessage(t, message(`checklist.title.${section.id}`)), items: section.items.map((item) => wordMessage(t, item)) };
    if (!LICENSE_SECTIONS.includes(section.id)) return entry;
    const newDrive = guid ? t('checklist.newGuid', { guid }) : t('checklist.noGuid');
    return { ...entry, items: [...entry.items, newDrive] };
  });
}

export function checklistText(t: TFunction, serverName: string | null, entries: readonly ChecklistEntry[]): string {
  const lines = [serverName === null ? t('checklist.introNoName') : t('checklist.intro', { server: serverName })];
  entries.forEach((entry, index) => {
    lines.push(`${index + 1}. ${entry.title}`);
    for (const item of entry.items) lines.push(`   - ${item}`);
  });
  return `${lines.join('\n')}\n`;
}
