import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActivityCounts, Direction, ScanAnswer } from '../../../shared/checkin';
import type { ActivityView, EventView } from '../../../shared/contract';
import type { AppError } from '../../../shared/result';
import type { SearchHit } from '../../../shared/search';
import { useApi } from '../../api/context';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatCount } from '../../format';
import { useBilingual, useLang } from '../../i18n';
import { CameraScan } from './CameraScan';
import { createScanGate } from './scanGate';
import { useScanBox } from './useScanBox';
import { playAnswer } from './sounds';

/** An answer's colour: green, amber or red. */
const toneOf = (a: ScanAnswer): 'ok' | 'warn' | 'no' => (a.outcome === 'admitted' ? 'ok' : a.outcome === 'admitted_with_warning' ? 'warn' : 'no');

/** The scanned person's name in the screen's language, the other one when that is missing. */
const nameIn = (a: ScanAnswer | null, lang: 'zh' | 'en'): string | null =>
  a?.attendee ? (lang === 'zh' ? (a.attendee.nameZh ?? a.attendee.nameEn) : (a.attendee.nameEn ?? a.attendee.nameZh)) : null;

/** How long an answer fills the screen before the door is ready again (a new scan replaces it at once). */
const ANSWER_MS = 2_500;

/**
 * The door: one always-focused input a hand scanner types into, the answer full screen in green, amber or red with the
 * name and the reason, and the room's counters.
 */
export function DoorScan({ activity, event, station, supervisor }: { activity: ActivityView; event: EventView; station: string; supervisor: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { main, other } = useBilingual();
  const api = useApi();
  const gate = useRef(createScanGate());
  const cameraGate = useRef(createScanGate(3_000, { held: true }));
  const [direction, setDirection] = useState<Direction>('in');
  const [answer, setAnswer] = useState<ScanAnswer | null>(null);
  // The last answer stays after its full-screen moment, for a supervisor to override or undo.
  const [last, setLast] = useState<ScanAnswer | null>(null);
  const [counts, setCounts] = useState<ActivityCounts | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  const refreshCounts = useCallback(async () => {
    const r = await api.call('scan:counts', { activityId: activity.id });
    if (r.ok) setCounts(r.value);
  }, [api, activity.id]);

  useEffect(() => {
    void refreshCounts();
    const timer = setInterval(() => void refreshCounts(), 5_000);
    return () => clearInterval(timer);
  }, [refreshCounts]);

  useEffect(() => {
    if (answer === null) return;
    const timer = setTimeout(() => setAnswer(null), ANSWER_MS);
    return () => clearTimeout(timer);
  }, [answer]);

  const submit = async (code: string, from: 'scanner' | 'camera' = 'scanner') => {
    if (!(from === 'camera' ? cameraGate : gate).current(code, Date.now())) return;
    const r = await api.call('scan:record', { scanId: crypto.randomUUID(), activityId: activity.id, code, direction, station });
    setError(r.ok ? null : r.error);
    if (r.ok) show(r.value);
    void refreshCounts();
  };

  const show = (a: ScanAnswer) => {
    setAnswer(a);
    setLast(a);
    playAnswer(a.outcome);
  };

  // The scanner types wherever the focus is: keep it in the scan box. The manual search, the camera chooser, a
  // supervisor's reason and any dialog may take the focus; anything else gives it back.
  const { props: scanBox, refocus } = useScanBox(
    (code) => void submit(code),
    (to) => to.closest('.door-manual, .door-camera select, .door-last, [role="dialog"]') !== null,
  );

  const category = answer?.attendee ? event.categories.find((c) => c.id === answer.attendee!.categoryId) : undefined;
  const tone = answer === null ? null : toneOf(answer);
  const name = nameIn(answer, lang);

  return (
    <section className="door-scan card" aria-labelledby="door-scan-title">
      <div className="door-scan-head">
        <h2 className="section-title" id="door-scan-title">
          {t(direction === 'in' ? 'scan.titleIn' : 'scan.titleOut')} · {main(activity.shortTitle)}
        </h2>
        {activity.policy.exitScans && (
          <div className="segmented" role="group" aria-label={t('scan.direction')}>
            {(['in', 'out'] as const).map((d) => (
              <button key={d} type="button" aria-pressed={direction === d} onClick={() => (setDirection(d), refocus())}>
                {t(`scan.${d}`)}
              </button>
            ))}
          </div>
        )}
      </div>
      <label className="door-scan-label" htmlFor="door-scan-input">
        {t('scan.inputLabel')}
      </label>
      <input id="door-scan-input" className="door-scan-input" autoFocus {...scanBox} placeholder={t('scan.placeholder')} />
      <ErrorMessage error={error} />
      <dl className="door-counters">
        <div>
          <dt>{t('scan.inside')}</dt>
          <dd>
            {formatCount(counts?.inside ?? 0, lang)}
            {activity.capacity !== null && <span className="door-capacity"> / {formatCount(activity.capacity, lang)}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('scan.admitted')}</dt>
          <dd>{formatCount(counts?.admittedToday ?? 0, lang)}</dd>
        </div>
        <div>
          <dt>{t('scan.refused')}</dt>
          <dd>{formatCount(counts?.refusedToday ?? 0, lang)}</dd>
        </div>
      </dl>
      {supervisor && last && (
        <LastScan
          key={last.scanId}
          last={last}
          onOverridden={(a) => {
            // The override's answer fills the screen; the last scan stays the refusal, now marked overridden.
            setAnswer(a);
            playAnswer(a.outcome);
            void refreshCounts();
            refocus();
          }}
          onUndone={() => {
            void refreshCounts();
            refocus();
          }}
        />
      )}
      <CameraScan onCode={(code) => void submit(code, 'camera')} paused={answer !== null} />
      <ManualAdmit
        onAdmit={async (attendeeId) => {
          const r = await api.call('scan:admitManual', { scanId: crypto.randomUUID(), activityId: activity.id, attendeeId, station });
          setError(r.ok ? null : r.error);
          if (r.ok) show(r.value);
          void refreshCounts();
          refocus();
        }}
        onDone={refocus}
      />
      {/* A click dismisses the answer without taking the focus from the scan box: the next badge's keys must land there. */}
      {answer && tone && (
        <div className={`door-answer door-answer-${tone}`} role="alert" aria-live="assertive" data-outcome={answer.outcome} onMouseDown={(e) => e.preventDefault()} onClick={() => setAnswer(null)}>
          {category && <div className="door-answer-band" style={{ background: category.colour }} />}
          <p className="door-answer-verdict">{t(`scan.verdict.${tone}`)}</p>
          {name && <p className="door-answer-name">{name}</p>}
          {category && <p className="door-answer-category">{main(category.name)}</p>}
          {answer.reason !== 'ok' && <p className="door-answer-reason">{main(answer.message)}</p>}
          <p className="door-answer-reason-other">{other(answer.message)}</p>
          {answer.note && <p className="door-answer-note">{answer.note}</p>}
        </div>
      )}
    </section>
  );
}

/** The last scan, for a supervisor at the door: a refusal admitted with a reason, or a scan undone with one. */
function LastScan({ last, onOverridden, onUndone }: { last: ScanAnswer; onOverridden: (a: ScanAnswer) => void; onUndone: () => void }) {
  const { t } = useTranslation();
  const { main } = useBilingual();
  const lang = useLang();
  const api = useApi();
  const [acting, setActing] = useState<'override' | 'undo' | null>(null);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<'overrideDone' | 'undoDone' | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const name = nameIn(last, lang);
  const tone = toneOf(last);

  const confirm = async () => {
    const id = crypto.randomUUID();
    if (acting === 'override') {
      const r = await api.call('scan:override', { scanId: last.scanId, overrideId: id, reason });
      setError(r.ok ? null : r.error);
      if (r.ok) {
        setDone('overrideDone');
        onOverridden(r.value);
      }
    } else if (acting === 'undo') {
      const r = await api.call('scan:undo', { scanId: last.scanId, undoId: id, reason });
      setError(r.ok ? null : r.error);
      if (r.ok) {
        setDone('undoDone');
        onUndone();
      }
    }
    setActing(null);
    setReason('');
  };

  return (
    <div className="door-last">
      <p className="door-last-what">
        <span className="door-last-title">{t('scan.last.title')}</span> <span className={`status status-${tone}`}>{t(`scan.verdict.${tone}`)}</span> {name} {last.reason !== 'ok' && <span className="door-last-reason">{main(last.message)}</span>}
      </p>
      {done ? (
        <p role="status">{t(`scan.last.${done}`)}</p>
      ) : acting ? (
        <form
          className="door-last-form"
          onSubmit={(e) => {
            e.preventDefault();
            void confirm();
          }}
        >
          <label htmlFor="door-last-reason">{t('scan.last.reason')}</label>
          <input id="door-last-reason" autoFocus autoComplete="off" minLength={3} maxLength={300} value={reason} onChange={(e) => setReason(e.target.value)} />
          <button type="submit" className="button button-primary" disabled={reason.trim().length < 3}>
            {t('scan.last.confirm')}
          </button>
          <button type="button" className="button" onClick={() => setActing(null)}>
            {t('common.cancel')}
          </button>
        </form>
      ) : (
        <div className="door-last-actions">
          {last.outcome === 'refused' && last.attendeeId !== undefined && (
            <button type="button" className="button" onClick={() => setActing('override')}>
              {t('scan.last.override')}
            </button>
          )}
          {last.outcome !== 'refused' && (
            <button type="button" className="button" onClick={() => setActing('undo')}>
              {t('scan.last.undo')}
            </button>
          )}
        </div>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}

/** Someone at the door without a badge: found by name, pinyin or phone tail, then put through the same rules. */
function ManualAdmit({ onAdmit, onDone }: { onAdmit: (attendeeId: string) => Promise<void>; onDone: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);

  useEffect(() => {
    if (query.trim() === '') {
      setHits([]);
      return;
    }
    let current = true;
    void api.call('roster:search', { query, limit: 6 }).then((r) => {
      if (current && r.ok) setHits(r.value);
    });
    return () => {
      current = false;
    };
  }, [api, query]);

  if (!open) {
    return (
      <div className="door-manual">
        <button type="button" className="button" onClick={() => setOpen(true)}>
          {t('scan.manual.open')}
        </button>
      </div>
    );
  }
  const close = () => {
    setOpen(false);
    setQuery('');
    onDone();
  };
  return (
    <div className="door-manual">
      <label htmlFor="door-manual-search">{t('scan.manual.search')}</label>
      <div className="door-manual-row">
        <input id="door-manual-search" autoFocus autoComplete="off" value={query} onChange={(e) => setQuery(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && close()} />
        <button type="button" className="button" onClick={close}>
          {t('scan.manual.close')}
        </button>
      </div>
      <ul className="door-manual-hits">
        {hits.map((h) => (
          <li key={h.id}>
            <span className="door-manual-name">{h.nameZh ?? h.nameEn}</span>
            <span className="door-manual-org">{h.orgZh ?? h.orgEn}</span>
            <button
              type="button"
              className="button button-primary button-small"
              onClick={() => {
                void onAdmit(h.id);
                close();
              }}
            >
              {t('scan.manual.admit')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
