import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventView } from '../../../shared/contract';
import type { AppError } from '../../../shared/result';
import type { SearchHit } from '../../../shared/search';
import { useApi } from '../../api/context';
import { ErrorMessage } from '../../components/ErrorMessage';
import { CategoryChip } from './CategoryChip';
import { useIndexFor } from './useIndexFor';

/** Short enough to feel instant, long enough that a fast typist sends one query per pause. */
const DEBOUNCE_MS = 60;
const SEARCH_LIMIT = 50;

/** Hits for the query as typed; an older answer arriving after a newer query is dropped. */
function useSearch(query: string): { hits: SearchHit[] | null; error: AppError | null } {
  const api = useApi();
  const [state, setState] = useState<{ hits: SearchHit[] | null; error: AppError | null }>({ hits: null, error: null });
  const latest = useRef(0);
  useEffect(() => {
    const ticket = ++latest.current;
    const text = query.trim();
    if (text === '') {
      setState({ hits: null, error: null });
      return;
    }
    const timer = setTimeout(() => {
      void api.call('roster:search', { query: text, limit: SEARCH_LIMIT }).then((r) => {
        if (ticket === latest.current) setState(r.ok ? { hits: r.value, error: null } : { hits: null, error: r.error });
      });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [api, query]);
  return state;
}

interface Props {
  query: string;
  onQuery: (query: string) => void;
  event: EventView;
  onOpen: (id: string) => void;
}

/** The box that is always focused: type and the matches appear; arrows choose, Enter opens. */
export function RosterSearch({ query, onQuery, event, onOpen }: Props) {
  const { t } = useTranslation();
  const { hits, error } = useSearch(query);
  // New hits start at the first.
  const [active, setActive] = useIndexFor(hits);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => input.current?.focus(), []);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (!hits || hits.length === 0) return;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive(Math.min(active + 1, hits.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive(Math.max(active - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const hit = hits[active];
      if (hit) onOpen(hit.id);
    }
  };

  return (
    <div className="roster-search">
      <input
        ref={input}
        className="search-box"
        type="search"
        value={query}
        aria-label={t('roster.search')}
        placeholder={t('roster.searchHint')}
        role="combobox"
        aria-expanded={Boolean(hits && hits.length > 0)}
        aria-controls="roster-hits"
        aria-activedescendant={hits?.[active] ? `hit-${hits[active].id}` : undefined}
        onChange={(e) => onQuery(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <ErrorMessage error={error} />
      {hits && hits.length === 0 && <p className="empty">{t('roster.noHits')}</p>}
      {hits && hits.length > 0 && (
        <ul className="hits" id="roster-hits" role="listbox" aria-label={t('roster.hits')}>
          {hits.map((hit, i) => (
            <li key={hit.id} id={`hit-${hit.id}`} role="option" aria-selected={i === active} className={`hit${hit.status === 'cancelled' ? ' hit-cancelled' : ''}`} onClick={() => onOpen(hit.id)}>
              <span className="hit-names">
                <span className="hit-name">{hit.nameZh ?? hit.nameEn}</span>
                {hit.nameZh && hit.nameEn && <span className="hit-name-other">{hit.nameEn}</span>}
              </span>
              <span className="hit-org">{hit.orgZh ?? hit.orgEn}</span>
              <CategoryChip categoryId={hit.categoryId} event={event} />
              <span className="hit-phone">{hit.phoneMasked}</span>
              <span className="hit-matched">{t(`roster.matched.${hit.matched}`)}</span>
              {hit.status === 'cancelled' && <span className="tag tag-cancelled">{t('attendeeStatus.cancelled')}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
