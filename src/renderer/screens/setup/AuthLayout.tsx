import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppStatus } from '../../../shared/contract';
import { Bilingual } from '../../components/Bilingual';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { formatDateRange } from '../../format';
import { useLang } from '../../i18n';

/** The frame of the screens shown before anyone is signed in: the event, the language switch, one card. */
export function AuthLayout({ status, children }: { status: AppStatus; children: ReactNode }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <div className="auth">
      <header className="auth-header">
        <span className="brand">{t('app.name')}</span>
        <LanguageSwitch />
      </header>
      <main className="auth-main">
        <div className="auth-event">
          <h1 className="auth-event-name">
            <Bilingual text={status.eventName} />
          </h1>
          <p className="auth-event-dates">{formatDateRange(status.eventDates.start, status.eventDates.end, lang, (start, end) => t('common.dateRange', { start, end }))}</p>
        </div>
        <section className="card auth-card">{children}</section>
        <p className="auth-station">{t('auth.station', { name: status.station.name })}</p>
      </main>
    </div>
  );
}
