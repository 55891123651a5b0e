import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventView } from '../../../shared/contract';
import { AttendeeDetailDialog } from './AttendeeDetailView';
import { RosterSearch } from './RosterSearch';
import { RosterTable } from './RosterTable';

/** Find anyone in a keystroke or two; with nothing typed, the whole roster as a table. */
export function Roster({ event }: { event: EventView }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [openId, setOpenId] = useState<string | null>(null);
  return (
    <div className="page page-wide">
      <header className="page-header">
        <h1 className="page-title">{t('roster.title')}</h1>
      </header>
      <RosterSearch query={query} onQuery={setQuery} event={event} onOpen={setOpenId} />
      {query.trim() === '' && <RosterTable event={event} onOpen={setOpenId} />}
      {openId && <AttendeeDetailDialog id={openId} event={event} onClose={() => setOpenId(null)} />}
    </div>
  );
}
