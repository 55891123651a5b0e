import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventView } from '../../../shared/contract';
import type { AppError } from '../../../shared/result';
import { useApi } from '../../api/context';
import { Modal } from '../../components/Modal';
import { AttendeeDetailDialog } from './AttendeeDetailView';
import { AttendeeForm } from './AttendeeForm';
import type { AttendeeFormValues } from './attendeeForm';
import { emptyValues, missingName, walkInOf } from './attendeeForm';
import { RosterSearch } from './RosterSearch';
import { RosterTable } from './RosterTable';

/** Find anyone in a keystroke or two; with nothing typed, the whole roster as a table. */
export function Roster({ event, canCancel }: { event: EventView; canCancel: boolean }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [openId, setOpenId] = useState<string | null>(null);
  const [walkIn, setWalkIn] = useState(false);
  const [fresh, setFresh] = useState(false);
  const open = (id: string) => {
    setFresh(false);
    setOpenId(id);
  };
  // F2 registers a walk-in from anywhere on the roster: the desk's most frequent errand, without the mouse.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'F2' || e.repeat) return;
      e.preventDefault();
      setOpenId(null);
      setWalkIn(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div className="page page-wide">
      <header className="page-header-row">
        <h1 className="page-title">{t('roster.title')}</h1>
        <button type="button" className="button button-primary" aria-keyshortcuts="F2" onClick={() => setWalkIn(true)}>
          {t('walkIn.open')} <kbd aria-hidden="true">{t('walkIn.shortcut')}</kbd>
        </button>
      </header>
      <RosterSearch query={query} onQuery={setQuery} event={event} onOpen={open} />
      {query.trim() === '' && <RosterTable event={event} onOpen={open} />}
      {openId && (
        <AttendeeDetailDialog
          id={openId}
          event={event}
          canCancel={canCancel}
          fresh={fresh}
          onClose={() => {
            setOpenId(null);
            setFresh(false);
          }}
        />
      )}
      {walkIn && (
        <WalkInDialog
          event={event}
          onClose={() => setWalkIn(false)}
          onCreated={(id) => {
            setWalkIn(false);
            setFresh(true);
            setOpenId(id);
          }}
        />
      )}
    </div>
  );
}

/** Someone at the desk who is not on the roster: the few fields that identify and admit them, the rest later. */
function WalkInDialog({ event, onClose, onCreated }: { event: EventView; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const create = async (values: AttendeeFormValues): Promise<AppError | null> => {
    const result = await api.call('roster:createWalkIn', walkInOf(values));
    if (!result.ok) return result.error;
    onCreated(result.value.id);
    return null;
  };
  return (
    <Modal title={t('walkIn.title')} onClose={onClose} wide>
      <AttendeeForm
        kind="walkIn"
        initial={emptyValues(event.categories[0]?.id ?? '')}
        event={event}
        onSubmit={create}
        onCancel={onClose}
        validate={(v) => (missingName(v) ? { nameZh: t('fieldProblem.name_required') } : {})}
      />
    </Modal>
  );
}
