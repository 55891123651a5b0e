import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { arrivalsChart, badgesPerHourChart } from '../../../shared/charts';
import { SCAN_MESSAGES } from '../../../shared/checkin';
import type { EventView } from '../../../shared/contract';
import type { DashboardAlert, DashboardView } from '../../../shared/report';
import { usePolledQuery } from '../../api/context';
import { Chart } from '../../components/Chart';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatCount, formatTimeIn } from '../../format';
import { useBilingual, useLang } from '../../i18n';

/** The CJK face the app ships (styles/fonts.css). */
const APP_FONT = 'Lanyard Sans SC';

/** The dashboard asks twice a second: a scan anywhere shows within a second, with nothing to refresh. */
const POLL_MS = 500;

type Tile = DashboardView['tiles'][number];

/**
 * The event office's live picture (issue #15): a tile per activity (inside now against its capacity, amber from 90 %,
 * red when full; admitted and refused today with the top reasons), today's arrivals per quarter hour, the badges
 * printed, handed out and still to print, the stations' health, and what needs someone now. `big` is the dashboard
 * station's wall screen at 1920×1080: the same picture, read from three metres.
 */
export function Dashboard({ event, big }: { event: EventView; big: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { main } = useBilingual();
  const query = usePolledQuery('report:dashboard', {}, POLL_MS);
  const view = query.result?.ok ? query.result.value : null;
  // The face the app ships (styles/fonts.css), larger on the wall screen.
  const type = useMemo(() => ({ font: APP_FONT, size: big ? 18 : 12 }), [big]);
  const arrivals = useMemo(() => (view === null ? null : arrivalsChart(view.arrivals, type)), [view, type]);
  const perHour = useMemo(() => (view === null ? null : badgesPerHourChart(view.badges.perHour, type)), [view, type]);
  if (query.result === null) return <p className="loading">{t('app.loading')}</p>;
  if (!query.result.ok || view === null) return <ErrorMessage error={query.result.ok ? null : query.result.error} />;
  const title = (id: string) => {
    const a = event.activities.find((x) => x.id === id);
    return a === undefined ? id : main(a.shortTitle);
  };

  return (
    <section className={`dashboard${big ? ' dashboard-big' : ''}`} aria-label={t('dashboard.title')}>
      <header className="dashboard-header">
        <h1>{t('dashboard.title')}</h1>
        <p className="dashboard-clock" data-dashboard-at={view.at}>
          {t('dashboard.asOf', { day: view.day, time: formatTimeIn(view.at, event.event.timezone) })}
        </p>
      </header>
      <section className="dashboard-alerts" aria-label={t('dashboard.alerts')}>
        {view.alerts.length === 0 ? (
          <p className="dashboard-calm">{t('dashboard.noAlerts')}</p>
        ) : (
          <ul>
            {view.alerts.map((a, i) => (
              <li key={`${a.kind}-${i}`} className={`dashboard-alert dashboard-alert-${severity(a)}`} data-alert={a.kind} data-activity={'activityId' in a ? (a.activityId ?? undefined) : undefined}>
                <AlertText alert={a} title={title} timezone={event.event.timezone} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <div className="dashboard-tiles">
        {view.tiles.map((tile) => (
          <ActivityTile key={tile.id} tile={tile} />
        ))}
      </div>
      <div className="dashboard-lower">
        <section className="panel dashboard-panel">
          <h2>{t('dashboard.arrivals', { day: view.arrivals.day })}</h2>
          {view.arrivals.buckets.length === 0 ? <p className="empty">{t('dashboard.noArrivals')}</p> : <Chart option={arrivals!} label={t('dashboard.arrivalsChart')} height={big ? 190 : 220} />}
        </section>
        <section className="panel dashboard-panel dashboard-badges" aria-label={t('dashboard.badges')}>
          <h2>{t('dashboard.badges')}</h2>
          <dl className="dashboard-figures">
            <Figure label={t('dashboard.printed')} value={view.badges.printed} name="printed" lang={lang} />
            <Figure label={t('dashboard.collected')} value={view.badges.collected} name="collected" lang={lang} />
            <Figure label={t('dashboard.toPrint')} value={view.badges.toPrint} name="to-print" lang={lang} />
          </dl>
          {view.badges.perHour.length > 0 && <Chart option={perHour!} label={t('dashboard.perHourChart')} height={big ? 100 : 110} />}
          {view.badges.perStation.length > 0 && (
            <p className="dashboard-per-station">
              {view.badges.perStation.map((s) => `${s.station === 'this' ? t('dashboard.thisStation') : s.station} ${formatCount(s.printed, lang)}`).join(' · ')}
            </p>
          )}
        </section>
        <StationsHealth view={view} />
      </div>
    </section>
  );
}

function Figure({ label, value, name, lang }: { label: string; value: number; name: string; lang: 'zh' | 'en' }) {
  return (
    <div data-figure={name}>
      <dt>{label}</dt>
      <dd>{formatCount(value, lang)}</dd>
    </div>
  );
}

function ActivityTile({ tile }: { tile: Tile }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { main, other } = useBilingual();
  const share = tile.capacity === null || tile.capacity === 0 ? null : Math.min(1, tile.inside / tile.capacity);
  return (
    <article className={`dashboard-tile dashboard-tile-${tile.level}`} data-activity={tile.id} data-level={tile.level}>
      <header>
        <h2 title={other(tile.shortTitle)}>{main(tile.shortTitle)}</h2>
        {tile.room && <span className="dashboard-room">{tile.room}</span>}
      </header>
      <p className="dashboard-inside">
        <span className="dashboard-inside-label">{t(tile.capacityCounts === 'admitted' ? 'dashboard.admittedCount' : 'dashboard.insideNow')}</span>
        <strong data-inside={tile.inside}>{formatCount(tile.inside, lang)}</strong>
        {tile.capacity !== null && <span className="dashboard-capacity">/ {formatCount(tile.capacity, lang)}</span>}
        {tile.level !== 'ok' && <span className="dashboard-level">{t(`dashboard.level.${tile.level}`)}</span>}
      </p>
      {share !== null && (
        <div className="dashboard-meter" role="meter" aria-valuemin={0} aria-valuemax={tile.capacity!} aria-valuenow={tile.inside} aria-label={t('dashboard.capacity')}>
          <span style={{ width: `${Math.round(share * 100)}%` }} />
        </div>
      )}
      <dl className="dashboard-today">
        <div>
          <dt>{t('dashboard.admittedToday')}</dt>
          <dd data-admitted-today={tile.admittedToday}>{formatCount(tile.admittedToday, lang)}</dd>
        </div>
        <div>
          <dt>{t('dashboard.refusedToday')}</dt>
          <dd data-refused-today={tile.refusedToday}>{formatCount(tile.refusedToday, lang)}</dd>
        </div>
      </dl>
      {tile.reasons.length > 0 && (
        <ul className="dashboard-reasons">
          {tile.reasons.map((r) => (
            <li key={r.reason}>
              {(SCAN_MESSAGES as Record<string, { zh: string; en: string } | undefined>)[r.reason]?.[lang] ?? r.reason} <span>{formatCount(r.count, lang)}</span>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

/** The hub's stations: online or not, entries not yet sent, a wrong clock, a stopped printer. */
function StationsHealth({ view }: { view: DashboardView }) {
  const { t } = useTranslation();
  if (view.stations === null) return null;
  return (
    <section className="panel dashboard-panel dashboard-stations" aria-label={t('dashboard.stations')}>
      <h2>{t('dashboard.stations')}</h2>
      {view.stations.length === 0 ? (
        <p className="empty">{t('stations.none')}</p>
      ) : (
        <ul>
          {view.stations.map((s) => (
            <li key={s.id} data-station={s.id} data-online={s.online ? 'yes' : 'no'}>
              <span className={`dot ${s.revokedAt ? 'dot-off' : s.online ? 'dot-ok' : 'dot-danger'}`} aria-hidden="true" />
              <span className="dashboard-station-name">{s.name}</span>
              <span>{s.revokedAt ? t('stations.revoked') : s.online ? t('stations.online') : t('dashboard.offline')}</span>
              {(s.unsent ?? 0) > 0 && <span className="pill pill-warning">{t('dashboard.unsent', { count: s.unsent ?? 0 })}</span>}
              {s.clockWarning && <span className="pill pill-warning">{t('dashboard.clock')}</span>}
              {s.printers
                .filter((p) => p.state === 'stopped')
                .map((p) => (
                  <span key={p.name} className="pill pill-danger">
                    {t('dashboard.printerStopped', { printer: p.name })}
                  </span>
                ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const severity = (a: DashboardAlert): 'danger' | 'warning' => (a.kind === 'room_full' || a.kind === 'printer_stopped' || a.kind === 'quarantined' ? 'danger' : 'warning');

function AlertText({ alert: a, title, timezone }: { alert: DashboardAlert; title: (id: string) => string; timezone: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  switch (a.kind) {
    case 'room_busy':
    case 'room_full':
      return t(`dashboard.alert.${a.kind}`, { activity: title(a.activityId), count: formatCount(a.count, lang), capacity: a.capacity === null ? '—' : formatCount(a.capacity, lang) });
    case 'double_entry':
    case 'quarantined':
      return t(`dashboard.alert.${a.kind}`, { count: a.count });
    case 'attention_arrived':
      return a.activityId === null
        ? t('dashboard.alert.attention_desk', { name: a.name, time: formatTimeIn(a.at, timezone), note: a.note })
        : t('dashboard.alert.attention_room', { name: a.name, time: formatTimeIn(a.at, timezone), activity: title(a.activityId), note: a.note });
    case 'printer_stopped':
      return t('dashboard.alert.printer_stopped', { station: a.station === '' ? t('dashboard.thisStation') : a.station, printer: a.printer, message: a.message ?? '' });
  }
}
