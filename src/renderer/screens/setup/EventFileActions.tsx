import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppStatus, EventView } from '../../../shared/contract';
import { useApi } from '../../api/context';
import { ActionCard } from '../../components/ActionCard';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatCount } from '../../format';
import { useLang } from '../../i18n';
import { DemoDataAction } from './DemoDataAction';
import type { EventFileOutcome } from './eventFile';
import { saveJsonFile } from '../../files';
import { exportFileName } from './eventFile';
import { ImportEventFile } from './ImportEventFile';

interface Props {
  event: EventView;
  attendees: AppStatus['attendees'];
  onEventChanged: () => void;
  onAttendeesChanged: () => void;
}

/** The event office's file actions: export the event, import an edited one, clear the demo roster. */
export function EventFileActions({ event, attendees, onEventChanged, onAttendeesChanged }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const [outcome, setOutcome] = useState<EventFileOutcome | null>(null);
  const [exporting, setExporting] = useState(false);

  const exportEvent = async () => {
    setOutcome(null);
    setExporting(true);
    const result = await api.call('event:export', {});
    setExporting(false);
    if (result.ok) saveJsonFile(exportFileName(result.value), result.value);
    else setOutcome({ kind: 'failed', error: result.error });
  };

  return (
    <ActionCard
      id="event-file-title"
      title={t('eventFile.title')}
      lead={t('eventFile.lead')}
      actions={
        <>
          <button type="button" className="button" disabled={exporting} onClick={() => void exportEvent()}>
            {t('eventFile.export')}
          </button>
          <ImportEventFile current={event} onOutcome={setOutcome} onImported={onEventChanged} />
          {attendees.demo > 0 && <DemoDataAction demo={attendees.demo} onOutcome={setOutcome} onRemoved={onAttendeesChanged} />}
        </>
      }
    >
      {outcome && <Outcome outcome={outcome} />}
    </ActionCard>
  );
}

function Outcome({ outcome }: { outcome: EventFileOutcome }) {
  const { t } = useTranslation();
  const lang = useLang();
  switch (outcome.kind) {
    case 'imported':
    case 'demoRemoved':
      return (
        <div className="message message-ok" role="status">
          <p className="message-text">
            {outcome.kind === 'imported'
              ? t('eventFile.imported', { file: outcome.file, activities: formatCount(outcome.activities, lang), categories: formatCount(outcome.categories, lang) })
              : t('demoData.removed', { n: formatCount(outcome.removed, lang) })}
          </p>
        </div>
      );
    case 'notJson':
    case 'unreadable':
      return (
        <div className="message message-error" role="alert">
          <p className="message-text">{t(`eventFile.${outcome.kind}`, { file: outcome.file })}</p>
          {outcome.kind === 'notJson' && (
            <p className="message-detail" lang="en">
              {outcome.detail}
            </p>
          )}
        </div>
      );
    case 'refused':
      return (
        <div className="message message-error" role="alert">
          <p className="message-text">{t(`eventFile.refused.${outcome.code}`, { file: outcome.file })}</p>
          {outcome.problems.length > 0 ? (
            <ul className="problems" aria-label={t('eventFile.problems')}>
              {outcome.problems.map((p, i) => (
                <li key={i} className="problem">
                  <code className="problem-path">{p.path}</code>
                  <span className="problem-message" lang="en">
                    {p.message}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="message-detail" lang="en">
              {outcome.message}
            </p>
          )}
        </div>
      );
    case 'failed':
      return <ErrorMessage error={outcome.error} />;
  }
}
