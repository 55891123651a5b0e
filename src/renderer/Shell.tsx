import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppStatus, SessionInfo } from '../shared/contract';
import type { RequiredRole } from '../shared/roles';
import { roleAllows } from '../shared/roles';
import type { StationConfig } from '../shared/station';
import { useQuery } from './api/context';
import { ErrorMessage } from './components/ErrorMessage';
import { TopBar } from './components/TopBar';
import { AuditLog } from './screens/admin/AuditLog';
import { ImportWizard } from './screens/admin/ImportWizard';
import { Operators } from './screens/admin/Operators';
import { Stations } from './screens/admin/Stations';
import { Badges } from './screens/badges/Badges';
import { Roster } from './screens/desk/Roster';
import { DoorHome } from './screens/door/DoorHome';
import { KioskSetup } from './screens/kiosk/KioskSetup';
import { Dashboard } from './screens/office/Dashboard';
import { EventOverview } from './screens/setup/EventOverview';
import { StationSetup } from './screens/setup/StationSetup';

type View = 'kiosk' | 'dashboard' | 'door' | 'roster' | 'badges' | 'import' | 'overview' | 'station' | 'stations' | 'operators' | 'audit';

/** The least role that sees each view; main checks the commands behind them again. */
const VIEW_ROLE: Record<View, RequiredRole> = { kiosk: 'supervisor', dashboard: 'supervisor', door: 'door', roster: 'desk', badges: 'desk', import: 'admin', overview: 'door', station: 'door', stations: 'admin', operators: 'admin', audit: 'supervisor' };

/** The roster belongs to the stations that serve attendees in person: desks and the organisers' office. */
function viewOnStation(view: View, mode: StationConfig['mode']): boolean {
  if (view === 'door') return mode === 'door';
  // A kiosk's supervisor starts it, or changes what the station is for: nothing of the roster.
  if (view === 'kiosk') return mode === 'kiosk';
  if (mode === 'kiosk') return view === 'station' || view === 'overview';
  // The live picture: the office's, and the whole screen of a dashboard station.
  if (view === 'dashboard') return mode === 'office' || mode === 'dashboard';
  if (mode === 'dashboard') return view === 'station';
  if (view === 'roster' || view === 'badges') return mode === 'desk' || mode === 'office';
  if (view === 'import' || view === 'stations') return mode === 'office';
  return true;
}

function homeView(station: StationConfig, role: SessionInfo['operator']['role']): View {
  if (station.mode === 'door') return 'door';
  if (station.mode === 'kiosk' && roleAllows(role, 'supervisor')) return 'kiosk';
  if (station.mode === 'dashboard' && roleAllows(role, 'supervisor')) return 'dashboard';
  if (station.mode === null && roleAllows(role, 'supervisor')) return 'station';
  // A desk exists to find people: it opens on the search box.
  if (station.mode === 'desk' && roleAllows(role, 'desk')) return 'roster';
  return 'overview';
}

interface Props {
  status: AppStatus;
  session: SessionInfo;
  onStationChanged: (station: StationConfig) => void;
  /** Asks the app for a fresh app:status, e.g. after the attendee counts changed. */
  onStatusStale: () => void;
  onSignOut: () => void;
}

export function Shell({ status, session, onStationChanged, onStatusStale, onSignOut }: Props) {
  const { t } = useTranslation();
  const { role } = session.operator;
  const event = useQuery('event:get', {});
  const [view, setView] = useState<View>(() => homeView(status.station, role));
  const views = (['kiosk', 'dashboard', 'door', 'roster', 'badges', 'import', 'overview', 'station', 'stations', 'operators', 'audit'] as const).filter(
    (v) => roleAllows(role, VIEW_ROLE[v]) && viewOnStation(v, status.station.mode),
  );

  const content = () => {
    if (event.result === null) return <p className="loading">{t('app.loading')}</p>;
    if (!event.result.ok) return <ErrorMessage error={event.result.error} />;
    const eventView = event.result.value;
    switch (view) {
      case 'kiosk':
        return <KioskSetup station={status.station} onStarted={onStatusStale} />;
      case 'dashboard':
        return <Dashboard event={eventView} big={status.station.mode === 'dashboard'} />;
      case 'door':
        return <DoorHome station={status.station} event={eventView} supervisor={roleAllows(role, 'supervisor')} />;
      case 'roster':
        return <Roster event={eventView} canCancel={roleAllows(role, 'supervisor')} />;
      case 'badges':
        return <Badges event={eventView} canEditLayouts={roleAllows(role, 'admin')} onLayoutsSaved={event.reload} />;
      case 'import':
        return <ImportWizard onImported={onStatusStale} />;
      case 'stations':
        return <Stations event={eventView} />;
      case 'overview':
        return (
          <EventOverview
            event={eventView}
            attendees={status.attendees}
            canEdit={roleAllows(role, 'admin')}
            onActivityChanged={event.reload}
            onEventImported={event.reload}
            onAttendeesChanged={() => {
              onStatusStale();
              // Registrations go with their attendees, so the registered counts change too.
              event.reload();
            }}
          />
        );
      case 'station':
        return (
          <StationSetup
            station={status.station}
            event={eventView}
            canConfigure={roleAllows(role, 'supervisor')}
            canSync={roleAllows(role, 'admin')}
            onSaved={(station) => {
              onStationChanged(station);
              setView(homeView(station, role));
            }}
          />
        );
      case 'operators':
        return <Operators currentOperatorId={session.operator.id} />;
      case 'audit':
        return <AuditLog />;
    }
  };

  return (
    <div className={`shell${status.station.mode === 'dashboard' ? ' shell-big' : ''}`}>
      <TopBar eventShortName={event.result?.ok ? event.result.value.event.shortName : null} station={status.station} operator={session.operator} onSignOut={onSignOut} onTakenOver={onStatusStale} />
      <nav className="tabs" aria-label={t('nav.label')}>
        {views.map((v) => (
          <button key={v} type="button" className="tab" aria-current={v === view ? 'page' : undefined} onClick={() => setView(v)}>
            {t(`nav.${v}`)}
          </button>
        ))}
      </nav>
      <main className="content">{content()}</main>
    </div>
  );
}
