import { useTranslation } from 'react-i18next';
import { usePolledQuery } from '../api/context';
import { formatTime } from '../format';

const POLL_MS = 1500;

/**
 * The sync state in the top bar of every station (issue #14): nothing on a station on its own; "in sync", "offline
 * since 10:02 · 37 not yet sent", a clock warning; on the hub, how many stations are online. It reads what the
 * station's sync keeps in its file, a few times a second, so it moves by itself.
 */
export function SyncIndicator() {
  const { t } = useTranslation();
  const status = usePolledQuery('sync:status', {}, POLL_MS);
  const view = status.result?.ok ? status.result.value : null;
  if (!view) return null;
  const clock = view.clockWarning && view.clockOffsetMs !== null ? <span className="pill pill-warning">{t('sync.clockOff', { minutes: Math.round(Math.abs(view.clockOffsetMs) / 60_000) })}</span> : null;
  if (view.role === 'hub') {
    return (
      <span className="topbar-item sync-state" data-sync="hub" role="status">
        <span className="sync-dot sync-dot-ok" aria-hidden="true" />
        <span className="topbar-value">{t('sync.hub', { online: view.online ?? 0, stations: view.stations ?? 0 })}</span>
        {view.flags ? <span className="pill pill-warning">{t('sync.flags', { count: view.flags })}</span> : null}
      </span>
    );
  }
  if (view.revoked) {
    return (
      <span className="topbar-item sync-state" data-sync="revoked" role="status">
        <span className="sync-dot sync-dot-off" aria-hidden="true" />
        <span className="topbar-value">{t('sync.revoked', { count: view.unsent })}</span>
      </span>
    );
  }
  if (!view.connected) {
    return (
      <span className="topbar-item sync-state" data-sync="offline" role="status">
        <span className="sync-dot sync-dot-off" aria-hidden="true" />
        <span className="topbar-value">{view.offlineSince ? t('sync.offlineSince', { time: formatTime(view.offlineSince), count: view.unsent }) : t('sync.offline', { count: view.unsent })}</span>
        {clock}
      </span>
    );
  }
  return (
    <span className="topbar-item sync-state" data-sync={view.unsent > 0 ? 'sending' : 'ok'} role="status">
      <span className={`sync-dot ${view.unsent > 0 ? 'sync-dot-busy' : 'sync-dot-ok'}`} aria-hidden="true" />
      <span className="topbar-value">{view.unsent > 0 ? t('sync.sending', { count: view.unsent }) : t('sync.inSync')}</span>
      {clock}
    </span>
  );
}
