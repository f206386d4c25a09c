// The engine's messages in the user's language: the wizard words the codes main sends (a backup's
// problems, a drive's reasons, lists and sentences) from the catalogue of the language chosen.
import { render, screen } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createI18n } from '../../renderer/i18n/i18n.js';
import { wordMessage, wordMessages } from '../../renderer/i18n/engine.js';
import { BackupStep } from '../../renderer/steps/BackupStep.js';
import { DriveStep } from '../../renderer/steps/DriveStep.js';
import { message } from '../../shared/message.js';
import { makeProblem } from '../../shared/problems.js';
import { capacityMessage, speedMessage, type ProbeResult } from '../../shared/probe.js';
import { zipBackup, driveList } from './data.js';

const failing: ProbeResult = {
  verdict: 'failing', claimedBytes: 16_000_000_000, realBytes: 16_000_000_000, wrapBytes: null, places: 96,
  failures: [{ offset: 1_500_000, reading: 'old-data' }, { offset: 9_000_000, reading: 'read-error' }], failureCount: 2,
  writeBytesPerSecond: 3_000_000, readBytesPerSecond: 21_000_000, seconds: 2, restored: true,
};

describe('engine messages in German', () => {
  beforeAll(() => void createI18n('de'));
  afterAll(() => void createI18n('en'));

  it('words a backup’s problems, with the zip’s and the entry’s names as they are', async () => {
    const backup = await zipBackup([{ name: '../escape.txt', data: 'x' }], 'Tower-flash-backup.zip');
    render(<BackupStep backup={backup} opening={null} error={null} onChoose={vi.fn()} onDrop={vi.fn()} onUnlock={vi.fn()} onNext={vi.fn()} />);
    expect(screen.getByText('../escape.txt zeigt mit \'..\' aus dem Flashdatenträger hinaus; eine echte Sicherung tut das nie.')).toBeTruthy();
    expect(screen.getByText(/^Tower-flash-backup\.zip ist keine Unraid-Flash-Sicherung/)).toBeTruthy();
  });

  it('words a drive’s reasons, nested ones included, with German digits', () => {
    const drives = driveList([{ description: 'Generic Card Reader', serial: null }, { description: 'Old Stick', size: 2_000_000_000 }], 100_000_000);
    render(<DriveStep drives={drives} driveId={null} driveLost={false} neededBytes={100_000_000} onChoose={vi.fn()} onBack={vi.fn()} onNext={vi.fn()} />);
    expect(screen.getByText('Keine USB-Seriennummer: Unraid kann dieses Laufwerk nicht lizenzieren.')).toBeTruthy();
    expect(screen.getByText(/^Es fasst nur 2,0 GB, weniger als ein 4-GB-Flashdatenträger/)).toBeTruthy();
  });

  it('words a problem’s nested details, the file names as they are', () => {
    const i18n = createI18n('de');
    const lacking = message('problem.detail.lacks', { files: ['syslinux/mbr.bin', 'syslinux/ldlinux.c32'].map((name) => message('problem.detail.no-file', { name })) });
    expect(wordMessage(i18n.t, makeProblem('no-legacy-boot', null, message('problem.detail.uefi-hint', { lacking })).message)).toBe(
      'Der Flashdatenträger startet nicht mit Legacy-BIOS: in der Sicherung fehlt: syslinux/mbr.bin und syslinux/ldlinux.c32 (er startet nur, wenn Sie UEFI einschalten).',
    );
  });

  it('words lists, plurals and sizes from the probe', () => {
    const i18n = createI18n('de');
    expect(wordMessage(i18n.t, capacityMessage(failing))).toBe(
      'Dieses Laufwerk gab an 2 von 96 Stellen nicht zurück, was darauf geschrieben wurde (die alten Daten kamen zurück und Lesefehler; zuerst bei 1,5 MB): Es ist defekt. Unraid würde darauf Daten verlieren.',
    );
    expect(wordMessage(i18n.t, speedMessage(failing)!)).toMatch(/^Sehr langsames Laufwerk: Es schreibt 3,0 MB\/s und liest 21,0 MB\/s\./);
  });
});

describe('engine messages in other languages', () => {
  afterAll(() => void createI18n('en'));

  it('puts no space between Japanese sentences, and one between English ones', () => {
    const sentences = [message('failure.write-stopped'), message('failure.state.untouched')];
    const japanese = createI18n('ja');
    expect(wordMessages(japanese.t, 'ja', sentences)).not.toContain(' ');
    const english = createI18n('en');
    expect(wordMessages(english.t, 'en', sentences)).toBe('You stopped the write. Nothing was written to the drive.');
  });
});
