// The repair's steps in jsdom: the diagnosis offers only what it allows (a roll back only to a
// whole previous/, a release only for bz files that need one, going on without unread files only
// when ticked) and a disabled button says why; a stick found counterfeit offers a copy instead;
// the confirmation needs the save place and the stick's name typed, even without a warning; the
// end says what was repaired, where the zip is, and that the licence needs nothing. The choices'
// rules as data (repair.ts) are tested without a screen.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initialSelection, repairBlocked, repairChoices, type RepairSelection } from '../../renderer/jobs/repair.js';
import { RepairConfirmStep } from '../../renderer/jobs/RepairConfirmStep.js';
import { RepairDiagnosisStep } from '../../renderer/jobs/RepairDiagnosisStep.js';
import { RepairDoneStep } from '../../renderer/jobs/RepairDoneStep.js';
import type { RepairDiagnosis, WriteOutcome } from '../../shared/ipc.js';
import { message } from '../../shared/message.js';
import { driveList } from './data.js';

const [stick] = driveList([{ description: 'Old Cruzer', flash: { state: 'unraid', server: 'Tower', version: '7.2.1' } }]).drives;

const BAD_BZROOT: RepairDiagnosis = {
  driveId: stick!.id,
  findings: [
    { needsRepair: true, message: message('repair.checksum-failed', { name: 'bzroot' }) },
    { needsRepair: false, message: message('repair.no-previous') },
  ],
  needsRepair: true,
  version: '7.2.1',
  badImages: ['bzroot'],
  unreadable: [],
  rollbackRefusal: message('repair.no-whole-previous'),
  rollbackVersion: null,
  uefi: true,
  stickRefusal: null,
};

afterEach(cleanup);

function renderDiagnosis(diagnosis: RepairDiagnosis | null, selection: RepairSelection = initialSelection(diagnosis), zipName: string | null = null) {
  const callbacks = { onChange: vi.fn(), onChooseZip: vi.fn(), onRetry: vi.fn(), onCopyInstead: vi.fn(), onBack: vi.fn(), onNext: vi.fn() };
  render(<RepairDiagnosisStep source={stick!} diagnosis={diagnosis} selection={selection} zipName={zipName} listed busy={false} error={null} {...callbacks} />);
  return callbacks;
}

const next = () => screen.getByRole('button', { name: 'Next: save and confirm' }) as HTMLButtonElement;
const why = () => document.getElementById('actions-why')?.textContent;

describe('the repair’s choices, as data', () => {
  it('blocks what the diagnosis does not allow, and names the release by the id main gave out', () => {
    const start = initialSelection(BAD_BZROOT);
    expect(repairBlocked(null, start, false)).toBe('reading');
    expect(repairBlocked(BAD_BZROOT, start, false)).toBe('release');
    expect(repairBlocked(BAD_BZROOT, { ...start, release: 'zip' }, false)).toBe('zip');
    expect(repairBlocked(BAD_BZROOT, { ...start, release: 'zip' }, true)).toBeNull();
    expect(repairBlocked({ ...BAD_BZROOT, unreadable: ['config/ident.cfg'] }, { ...start, release: 'list' }, false)).toBe('missing');
    expect(repairBlocked({ ...BAD_BZROOT, stickRefusal: [message('repair.failing-stick')] }, { ...start, release: 'list' }, false)).toBe('stick');
    expect(repairChoices({ ...start, release: 'list' }, { zip: 'backup-2', listed: 'release-3' })).toEqual({ rollback: false, releaseSource: 'release-3', uefi: true, allowMissing: false });
    expect(repairChoices({ ...start, rollback: true, release: 'zip' }, { zip: 'backup-2', listed: null }).releaseSource).toBeNull();
  });
});

describe('the diagnosis step', () => {
  it('names what is wrong, offers no roll back without a whole previous/, and says why it cannot go on yet', () => {
    renderDiagnosis(BAD_BZROOT);
    expect(screen.getByText(/bzroot does not match bzroot.sha256/)).toBeTruthy();
    const rollback = screen.getByRole('checkbox', { name: 'Roll back to the previous release' }) as HTMLInputElement;
    expect(rollback.disabled).toBe(true);
    expect(document.getElementById('repair-rollback-why')?.textContent).toBe('There is no whole release in previous/ to roll back to.');
    expect(next().disabled).toBe(true);
    expect(why()).toBe('Choose where the bz files come from, or roll back.');
  });

  it('goes on with a release zip once one is chosen', () => {
    const run = renderDiagnosis(BAD_BZROOT, { ...initialSelection(BAD_BZROOT), release: 'zip' }, 'unRAIDServer-7.2.1-x86_64.zip');
    expect(screen.getByText('Release zip: unRAIDServer-7.2.1-x86_64.zip')).toBeTruthy();
    fireEvent.click(next());
    expect(run.onNext).toHaveBeenCalled();
  });

  it('lists the files the old flash cannot give and goes on without them only when ticked', () => {
    const diagnosis = { ...BAD_BZROOT, badImages: [], unreadable: ['config/ident.cfg', 'config/go'] };
    const run = renderDiagnosis(diagnosis);
    expect(screen.getByText('The old flash cannot give 2 files whole:')).toBeTruthy();
    expect(screen.getByText('config/ident.cfg')).toBeTruthy();
    expect(next().disabled).toBe(true);
    expect(why()).toMatch(/^Allow the repair to go on without the files that cannot be read/);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Go on without these files' }));
    expect(run.onChange).toHaveBeenCalledWith({ ...initialSelection(diagnosis), allowMissing: true });
  });

  it('offers a copy to a new drive, and no repair, for a stick its check found counterfeit', () => {
    const run = renderDiagnosis({ ...BAD_BZROOT, stickRefusal: [message('repair.failing-stick')] });
    expect(screen.getByRole('heading', { name: 'This stick will not be rewritten' })).toBeTruthy();
    expect(screen.queryByRole('checkbox', { name: /UEFI/ })).toBeNull();
    expect(why()).toBe('This stick failed its check: copy the flash to a new drive instead.');
    fireEvent.click(screen.getByRole('button', { name: 'Copy to a new drive instead' }));
    expect(run.onCopyInstead).toHaveBeenCalled();
  });
});

describe('the confirmation', () => {
  it('needs the save place, then the stick’s name typed, even though the stick has no warning', () => {
    const onRepair = vi.fn();
    const props = {
      source: stick!, diagnosis: BAD_BZROOT, selection: { ...initialSelection(BAD_BZROOT), release: 'zip' as const }, releaseName: 'unRAIDServer-7.2.1-x86_64.zip',
      busy: false, error: null, onChooseDestination: vi.fn(), onBack: vi.fn(), onRepair,
    };
    const { rerender } = render(<RepairConfirmStep {...props} destination={null} />);
    expect(screen.getByText('bzroot replaced from unRAIDServer-7.2.1-x86_64.zip')).toBeTruthy();
    expect(screen.getByText('The licence needs nothing: it is the same stick, with the same GUID.')).toBeTruthy();
    const repair = () => screen.getByRole('button', { name: 'Save, erase and repair' }) as HTMLButtonElement;
    expect(repair().disabled).toBe(true);
    expect(why()).toBe('Choose where to save the zip of the flash first.');
    rerender(<RepairConfirmStep {...props} destination={{ destinationId: 'destination-1', path: '/home/me/tower-before-repair.zip' }} />);
    expect(screen.getByText('It will be saved to /home/me/tower-before-repair.zip.')).toBeTruthy();
    expect(repair().disabled).toBe(true);
    fireEvent.change(screen.getByRole('textbox'), { target: { value: 'old cruzer' } });
    fireEvent.click(repair());
    expect(onRepair).toHaveBeenCalledWith('old cruzer');
  });
});

describe('the end of a repair', () => {
  const drive = { description: 'Old Cruzer', device: '/dev/sdb', size: 16e9, guid: stick!.guid };
  it('says what was repaired, where the zip of the flash as it was is, and that the licence needs nothing', () => {
    const outcome: WriteOutcome = {
      jobId: 'job-1', drive, result: 'success',
      verification: { files: 40, folders: 6, bytesChecked: 300e6, label: 'UNRAID', legacyBoot: true, uefiBoot: true, changedFiles: [], seconds: 42, eject: null },
      repair: { savedAs: '/home/me/tower-before-repair.zip', changed: [message('repair.from-release', { path: 'bzroot', zip: 'unRAIDServer-7.2.1-x86_64.zip' })], label: 'UNRAID', volumeSerial: '1234-ABCD' },
    };
    render(<RepairDoneStep outcome={outcome} onRetry={vi.fn()} onHome={vi.fn()} />);
    expect(screen.getByRole('heading', { name: 'The flash is repaired' })).toBeTruthy();
    expect(screen.getByText('A fresh FAT32 filesystem labelled UNRAID, with the volume id 1234-ABCD as before, and the boot loader made anew.')).toBeTruthy();
    expect(screen.getByText('bzroot: from unRAIDServer-7.2.1-x86_64.zip')).toBeTruthy();
    expect(screen.getByText(/It is saved in \/home\/me\/tower-before-repair.zip\./)).toBeTruthy();
    expect(screen.getByText('It is the same stick, with the same GUID: the licence key on it still fits.')).toBeTruthy();
  });

  it('names the saved zip and how to put the flash back when the write failed', () => {
    const outcome: WriteOutcome = {
      jobId: 'job-1', drive, result: 'failed', phase: 'writing', detail: null, differences: [],
      sentences: [message('failure.unexpected')],
      advice: [message('repair.saved-in', { zip: '/home/me/tower-before-repair.zip' })],
    };
    render(<RepairDoneStep outcome={outcome} onRetry={vi.fn()} onHome={vi.fn()} />);
    expect(screen.getByRole('heading', { name: 'The repair did not finish' })).toBeTruthy();
    expect(screen.getByText('The flash as it was is saved in /home/me/tower-before-repair.zip: restore that zip to put it back as it was.')).toBeTruthy();
  });
});
