// How a back-up ended: where the zip is, what it holds and what was left out (by Unraid's rules, by
// "without secrets"), and, from a failing drive, the files it could not give (the zip's comment
// names them too).
import { unreadMessage, type BackupOutcome } from '../../shared/flash-source.js';
import { EjectState } from '../components/EjectState.js';
import { TextList } from '../components/TextList.js';
import { useWords } from '../i18n/format.js';
import { JobEnd } from './JobEnd.js';

export function BackupDoneStep({ outcome, sourceName, onRetry, onHome }: { outcome: BackupOutcome; sourceName: string | null; onRetry: () => void; onHome: () => void }) {
  const { t, format, word } = useWords();
  if (outcome.result !== 'success') {
    return (
      <JobEnd
        headingId="backup-done-heading"
        heading={outcome.result === 'cancelled' ? t('jobs.backupDone.stopped') : t('jobs.backupDone.failed')}
        intro={t('jobs.backupDone.failedIntro')}
        onHome={onHome}
        onRetry={onRetry}
      >
        <div className={outcome.result === 'cancelled' ? 'card warning' : 'card failed'}>
          <p>{word(outcome.message)}</p>
        </div>
      </JobEnd>
    );
  }
  const partial = outcome.missing.length > 0;
  return (
    <JobEnd headingId="backup-done-heading" heading={partial ? t('jobs.backupDone.partial') : t('jobs.backupDone.heading')} intro={sourceName === null ? t('done.ejectFirstNoName') : <EjectState eject={null} drive={sourceName} />} onHome={onHome}>
      <p>{partial ? t('jobs.backupDone.partialIntro') : t('jobs.backupDone.intro')}</p>
      <div className={partial ? 'card failed' : 'card ok'}>
        <p className="strong">{t('jobs.backupDone.savedAs', { path: outcome.savedAs })}</p>
        <p>
          {t('jobs.backupDone.holds', {
            files: t('units.files', { count: outcome.files }),
            folders: t('units.folders', { count: outcome.folders }),
            size: format.bytes(outcome.bytes),
            zip: format.bytes(outcome.zipBytes),
            duration: format.duration(outcome.seconds),
          })}
        </p>
      </div>
      {partial && (
        <>
          <h2>{t('jobs.backupDone.missing', { files: t('units.files', { count: outcome.missing.length }) })}</h2>
          <TextList items={outcome.missing.map((unread) => word(unreadMessage(unread)))} />
        </>
      )}
      <h2>{t('jobs.backupDone.leftOut')}</h2>
      {outcome.leftOut.length === 0 ? <p>{t('jobs.backupDone.nothingLeftOut')}</p> : <TextList items={outcome.leftOut.map(({ path, reason }) => t('jobs.backupDone.item', { path, why: word(reason) }))} />}
      <p>
        {outcome.withoutSecrets
          ? t('jobs.backupDone.withoutSecrets', {
              files: outcome.secretsLeftOut.length > 0 ? format.list(outcome.secretsLeftOut) : t('jobs.backupDone.none'),
              keys: outcome.keysBlanked.length > 0 ? format.list(outcome.keysBlanked) : t('jobs.backupDone.none'),
            })
          : t('jobs.backupDone.withSecrets')}
      </p>
    </JobEnd>
  );
}
