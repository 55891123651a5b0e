import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../shared/contract';
import type { StationConfig } from '../../shared/station';
import { LanguageSwitch } from './LanguageSwitch';
import { SyncIndicator } from './SyncIndicator';
import { TakeOver } from './TakeOver';

interface Props {
  eventShortName: string | null;
  station: StationConfig;
  operator: SessionInfo['operator'];
  onSignOut: () => void;
  /** A supervisor signed in over this session (a door handed over): the app reloads its status. */
  onTakenOver: () => void;
}

/** Always on screen: which event, which station, who is signed in, the language, sign out. */
export function TopBar({ eventShortName, station, operator, onSignOut, onTakenOver }: Props) {
  const { t } = useTranslation();
  const [takingOver, setTakingOver] = useState(false);
  // A door operator at a door station hands over to a supervisor instead of signing out (the station refuses it too).
  const atDoor = station.mode === 'door' && operator.role === 'door';
  return (
    <header className="topbar">
      <div className="topbar-group">
        <span className="brand">{eventShortName ?? t('app.name')}</span>
        <span className="topbar-item" title={t('topbar.station')}>
          <span className="topbar-label">{t('topbar.station')}</span>
          <span className="topbar-value">{station.name}</span>
          <span className="pill">{station.mode ? t(`stationMode.${station.mode}`) : t('topbar.notSetUp')}</span>
        </span>
        <SyncIndicator />
      </div>
      <div className="topbar-group">
        <span className="topbar-item">
          <span className="topbar-label">{t('topbar.operator')}</span>
          <span className="topbar-value">{operator.name}</span>
          <span className="pill">{t(`roles.${operator.role}`)}</span>
        </span>
        <LanguageSwitch />
        {atDoor ? (
          <button type="button" className="button button-on-dark" onClick={() => setTakingOver(true)}>
            {t('takeOver.open')}
          </button>
        ) : (
          <button type="button" className="button button-on-dark" onClick={onSignOut}>
            {t('topbar.signOut')}
          </button>
        )}
        {takingOver && <TakeOver onClose={() => setTakingOver(false)} onTakenOver={onTakenOver} />}
      </div>
    </header>
  );
}
