// How an install ends: on success, the new server's checklist (how to reach it, the root password,
// a trial or a key, the array, flash backup); otherwise what happened, the drive's state, and what
// to try next.
import type { WriteOutcome } from '../../shared/ipc.js';
import { TextList } from '../components/TextList.js';
import { checklistEntries } from '../checklist.js';
import { useWords } from '../i18n/format.js';
import { JobEnd } from './JobEnd.js';

export function InstallDoneStep({ outcome, onRetry, onHome }: { outcome: WriteOutcome; onRetry: () => void; onHome: () => void }) {
  const { t, word } = useWords();
  if (outcome.result !== 'success') {
    return (
      <JobEnd headingId="install-done-heading" heading={outcome.result === 'cancelled' ? t('install.done.cancelled') : t('install.done.failed')} intro={outcome.sentences.map((sentence) => word(sentence)).join(' ')} onHome={onHome} onRetry={onRetry}>
        {outcome.advice.length > 0 && <TextList items={outcome.advice.map((advice) => word(advice))} />}
        {outcome.detail !== null && <p className="hint">{outcome.detail}</p>}
      </JobEnd>
    );
  }
  const entries = checklistEntries(t, outcome.checklist ?? [], outcome.drive.guid);
  return (
    <JobEnd headingId="install-done-heading" heading={t('install.done.heading')} intro={t('install.done.intro', { drive: outcome.drive.description })} onHome={onHome}>
      <ol className="checklist">
        {entries.map((entry) => (
          <li key={entry.id}>
            <h2>{entry.title}</h2>
            <TextList items={entry.items} />
          </li>
        ))}
      </ol>
    </JobEnd>
  );
}
