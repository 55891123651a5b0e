import { useCallback, useEffect, useMemo, useState } from 'react';
import type { i18n as I18n } from 'i18next';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { Api } from '../shared/api';
import type { AppStatus } from '../shared/contract';
import type { AppError } from '../shared/result';
import { ApiProvider, watchSession } from './api/context';
import { ErrorMessage } from './components/ErrorMessage';
import { LOCALES } from './i18n';
import { Kiosk } from './screens/kiosk/Kiosk';
import { AuthLayout } from './screens/setup/AuthLayout';
import { FirstStart } from './screens/setup/FirstStart';
import { SignIn } from './screens/setup/SignIn';
import { Shell } from './Shell';

export function App({ api, i18n }: { api: Api; i18n: I18n }) {
  return (
    <I18nextProvider i18n={i18n}>
      <Station api={api} />
    </I18nextProvider>
  );
}

function Station({ api: rawApi }: { api: Api }) {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<AppStatus | null>(null);
  const [loadError, setLoadError] = useState<AppError | null>(null);
  const [sessionLost, setSessionLost] = useState(false);

  const api = useMemo(
    () =>
      watchSession(rawApi, () => {
        setSessionLost(true);
        setStatus((s) => (s ? { ...s, session: null } : s));
      }),
    [rawApi],
  );

  const refresh = useCallback(async () => {
    const result = await api.call('app:status', {});
    if (!result.ok) {
      setLoadError(result.error);
      return;
    }
    setLoadError(null);
    if (result.value.station.language !== i18n.resolvedLanguage) await i18n.changeLanguage(result.value.station.language);
    setStatus(result.value);
  }, [api, i18n]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    const apply = (language: string) => {
      document.documentElement.lang = LOCALES[language === 'en' ? 'en' : 'zh'];
      document.title = i18n.t('app.title');
    };
    apply(i18n.resolvedLanguage ?? 'zh');
    i18n.on('languageChanged', apply);
    return () => i18n.off('languageChanged', apply);
  }, [i18n]);

  const signOut = async () => {
    await api.call('session:signOut', {});
    setSessionLost(false);
    await refresh();
  };

  const signedIn = () => {
    setSessionLost(false);
    void refresh();
  };

  let screen;
  if (status === null) {
    screen = (
      <div className="boot">
        {loadError ? (
          <>
            <ErrorMessage error={loadError} />
            <button type="button" className="button button-primary" onClick={() => void refresh()}>
              {t('common.retry')}
            </button>
          </>
        ) : (
          <p className="loading">{t('app.loading')}</p>
        )}
      </div>
    );
  } else if (status.needsAdmin) {
    screen = (
      <AuthLayout status={status}>
        <FirstStart onCreated={signedIn} />
      </AuthLayout>
    );
  } else if (status.session === null) {
    screen = (
      <AuthLayout status={status}>
        {status.station.mode === 'kiosk' && (
          <div className="message message-info kiosk-paused" role="status">
            <p className="message-title">{t('kiosk.paused')}</p>
            <p className="message-text">{t('kiosk.pausedLead')}</p>
          </div>
        )}
        <SignIn onSignedIn={signedIn} sessionLost={sessionLost} />
      </AuthLayout>
    );
  } else if (status.session.operator.role === 'kiosk') {
    // The kiosk's own screen, full screen: no bar, no tabs, nothing else reachable; a supervisor taking it over leaves it.
    screen = <Kiosk key={status.session.token} stationLanguage={status.station.language} onLeft={signedIn} />;
  } else {
    screen = (
      <Shell
        key={status.session.token}
        status={status}
        session={status.session}
        onStationChanged={(station) => setStatus({ ...status, station })}
        onStatusStale={() => void refresh()}
        onSignOut={() => void signOut()}
      />
    );
  }

  return <ApiProvider api={api}>{screen}</ApiProvider>;
}
