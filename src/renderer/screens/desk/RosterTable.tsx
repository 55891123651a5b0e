import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventView } from '../../../shared/contract';
import type { AppError } from '../../../shared/result';
import type { AttendeeSummary, RosterSort } from '../../../shared/roster';
import { useApi } from '../../api/context';
import { ErrorMessage } from '../../components/ErrorMessage';
import { CategoryChip } from './CategoryChip';
import { useIndexFor } from './useIndexFor';

const PAGE = 200;
const ROW_HEIGHT = 44;
const SORTS: readonly RosterSort[] = ['pinyin', 'organisation', 'category'];

/** Blocks of PAGE rows fetched as they scroll into view; only what is on screen is in the DOM. */
function useRosterPages(sort: RosterSort) {
  const api = useApi();
  const [total, setTotal] = useState<number | null>(null);
  const [pages, setPages] = useState<ReadonlyMap<number, AttendeeSummary[]>>(new Map());
  const [error, setError] = useState<AppError | null>(null);
  const requested = useRef(new Set<number>());
  const generation = useRef(0);

  const load = useCallback(
    (page: number) => {
      if (requested.current.has(page)) return;
      requested.current.add(page);
      const current = generation.current;
      void api.call('roster:list', { offset: page * PAGE, limit: PAGE, sort }).then((r) => {
        if (current !== generation.current) return;
        if (!r.ok) {
          setError(r.error);
          return;
        }
        setTotal(r.value.total);
        setPages((p) => new Map(p).set(page, r.value.rows));
      });
    },
    [api, sort],
  );

  useEffect(() => {
    generation.current += 1;
    requested.current = new Set();
    setPages(new Map());
    setError(null);
    load(0);
  }, [load]);

  return { total, pages, error, load };
}

export function RosterTable({ event, onOpen }: { event: EventView; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const [sort, setSort] = useState<RosterSort>('pinyin');
  const { total, pages, error, load } = useRosterPages(sort);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index;
  const last = items[items.length - 1]?.index;
  // One row is in the Tab order (roving tabindex); the arrow keys move it, scrolling rows into the DOM as they go.
  // Another sort starts at the first row.
  const [active, setActive] = useIndexFor(sort);
  const pendingFocus = useRef<number | null>(null);

  useEffect(() => {
    if (first === undefined || last === undefined) return;
    for (let page = Math.floor(first / PAGE); page <= Math.floor(last / PAGE); page++) load(page);
  }, [first, last, load]);

  // A row moved to may not be in the DOM (or loaded) yet: it takes focus once it is.
  useEffect(() => {
    if (pendingFocus.current === null) return;
    const target = scroller.current?.querySelector<HTMLButtonElement>(`[data-index="${pendingFocus.current}"] button`);
    if (!target) return;
    target.focus();
    pendingFocus.current = null;
  });

  // Scrolled away from the active row, the first row on screen keeps the list in the Tab order.
  const tabbable = items.some((i) => i.index === active) ? active : first;

  const move = (e: KeyboardEvent<HTMLDivElement>) => {
    const count = total ?? 0;
    const visible = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1);
    const steps: Partial<Record<string, number>> = { ArrowDown: active + 1, ArrowUp: active - 1, PageDown: active + visible, PageUp: active - visible, Home: 0, End: count - 1 };
    const next = steps[e.key];
    if (next === undefined || count === 0) return;
    e.preventDefault();
    const index = Math.min(count - 1, Math.max(0, next));
    setActive(index);
    pendingFocus.current = index;
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };

  return (
    <section className="roster-table" aria-labelledby="roster-table-title">
      <div className="roster-table-bar">
        <h2 className="section-title" id="roster-table-title">
          {total === null ? t('roster.all') : t('roster.total', { count: total })}
        </h2>
        <label className="inline-field">
          <span>{t('roster.sortBy')}</span>
          <select value={sort} onChange={(e) => setSort(e.target.value as RosterSort)}>
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`roster.sort.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorMessage error={error} />
      <div className="grid-head grid-row" role="presentation">
        <span>{t('roster.col.name')}</span>
        <span>{t('roster.col.organisation')}</span>
        <span>{t('roster.col.category')}</span>
        <span>{t('roster.col.phone')}</span>
        <span>{t('roster.col.status')}</span>
      </div>
      <div className="grid-scroll" ref={scroller} role="list" aria-label={t('roster.all')} onKeyDown={move}>
        <div className="grid-sizer" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = pages.get(Math.floor(item.index / PAGE))?.[item.index % PAGE];
            return (
              <div key={item.key} role="listitem" data-index={item.index} className="grid-item" style={{ transform: `translateY(${item.start}px)`, height: item.size }}>
                {row ? (
                  <RosterRow row={row} event={event} onOpen={onOpen} tabIndex={item.index === tabbable ? 0 : -1} onFocus={() => setActive(item.index)} />
                ) : (
                  <span className="grid-row grid-loading">{t('app.loading')}</span>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}

interface RowProps {
  row: AttendeeSummary;
  event: EventView;
  onOpen: (id: string) => void;
  tabIndex: number;
  onFocus: () => void;
}

function RosterRow({ row, event, onOpen, tabIndex, onFocus }: RowProps) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className={`grid-row grid-button${row.status === 'cancelled' ? ' row-inactive' : ''}`}
      tabIndex={tabIndex}
      onFocus={onFocus}
      onClick={() => onOpen(row.id)}
    >
      <span className="grid-name">
        {row.nameZh ?? row.nameEn}
        {row.nameZh && row.nameEn && <span className="hit-name-other">{row.nameEn}</span>}
      </span>
      <span>{row.orgZh}</span>
      <CategoryChip categoryId={row.categoryId} event={event} />
      <span className="hit-phone">{row.phone}</span>
      <span>{t(`attendeeStatus.${row.status}`)}</span>
    </button>
  );
}
