import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StationRow } from '../../../shared/sync';
import type { EventView } from '../../../shared/contract';
import { useApi, usePolledQuery } from '../../api/context';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatTimestamp } from '../../format';
import type { Lang } from '../../../shared/text';
import { PairStation } from '../sync/PairStation';

const POLL_MS = 2000;

/**
 * The hub's Stations screen (issue #14): every paired station with its role and door, online or when last heard
 * from, what it has not sent and not yet received, its clock offset and app version; an admin revokes a station
 * (a stolen laptop) and its credential stops working at its next request.
 */
export function Stations({ event }: { event: EventView }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const lang = (i18n.language === 'en' ? 'en' : 'zh') as Lang;
  const stations = usePolledQuery('sync:stations', {}, POLL_MS);
  const { reload } = stations;
  const [pairing, setPairing] = useState(false);
  if (stations.result === null) return <p className="loading">{t('app.loading')}</p>;
  if (!stations.result.ok) return stations.result.error.code === 'not_found' ? <p className="empty">{t('stations.notHub')}</p> : <ErrorMessage error={stations.result.error} />;
  const rows = stations.result.value;
  // Once the event has ended on this hub: whether each station has deleted its copy of the roster.
  const ended = rows.some((s) => s.rosterDeleted !== null);
  const activity = (id: string | null) => (id === null ? '—' : (event.activities.find((a) => a.id === id)?.shortTitle[lang] ?? id));
  const revoke = async (s: StationRow) => {
    if (!window.confirm(t('stations.confirmRevoke', { name: s.name }))) return;
    await api.call('sync:revoke', { id: s.id });
    reload();
  };
  return (
    <section className="panel">
      <div className="panel-header">
        <h1>{t('stations.title')}</h1>
        <button type="button" className="button button-primary" onClick={() => setPairing(true)}>
          {t('pair.open')}
        </button>
      </div>
      {pairing && (
        <PairStation
          event={event}
          onClose={() => {
            setPairing(false);
            reload();
          }}
        />
      )}
      {rows.length === 0 ? (
        <p className="empty">{t('stations.none')}</p>
      ) : (
        <table className="table stations-table">
          <thead>
            <tr>
              <th>{t('stations.name')}</th>
              <th>{t('stations.role')}</th>
              <th>{t('stations.activity')}</th>
              <th>{t('stations.contact')}</th>
              <th>{t('stations.unsent')}</th>
              <th>{t('stations.behind')}</th>
              <th>{t('stations.clock')}</th>
              <th>{t('stations.version')}</th>
              {ended && <th>{t('stations.roster')}</th>}
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.id} data-station={s.id} data-online={s.online ? 'yes' : 'no'}>
                <td>{s.name}</td>
                <td>{t(`stationMode.${s.role as "desk" | "door"}`)}</td>
                <td>{activity(s.activityId)}</td>
                <td>{s.revokedAt ? <span className="pill pill-warning">{t('stations.revoked')}</span> : s.online ? <span className="pill pill-ok">{t('stations.online')}</span> : s.lastContact ? t('stations.lastContact', { at: formatTimestamp(s.lastContact, lang) }) : '—'}</td>
                <td>{s.unsent ?? '—'}</td>
                <td>{s.behind ?? '—'}</td>
                <td>{s.clockOffsetMs === null ? '—' : <span className={s.clockWarning ? 'pill pill-warning' : undefined}>{t('stations.offset', { seconds: (s.clockOffsetMs / 1000).toFixed(1) })}</span>}</td>
                <td>{s.appVersion ?? '—'}</td>
                {ended && (
                  <td data-roster={s.rosterDeleted ? 'deleted' : 'kept'}>
                    <span className={s.rosterDeleted ? 'pill pill-ok' : 'pill pill-warning'}>{t(s.rosterDeleted ? 'stations.rosterDeleted' : 'stations.rosterKept')}</span>
                  </td>
                )}
                <td>{s.revokedAt ? null : <button type="button" className="button button-danger" onClick={() => void revoke(s)}>{t('stations.revoke')}</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
