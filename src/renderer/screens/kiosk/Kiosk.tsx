import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskCard, KioskJob, KioskToDesk, PrinterSide } from '../../../shared/kiosk';
import type { Bilingual, Lang } from '../../../shared/text';
import { useApi, useCommand, useQuery } from '../../api/context';
import { TakeOver } from '../../components/TakeOver';
import { LOCALES } from '../../i18n';
import type zh from '../../i18n/zh.json';
import { CameraScan } from '../door/CameraScan';
import { createScanGate } from '../door/scanGate';
import { useScanBox } from '../door/useScanBox';
import { playAnswer } from '../door/sounds';
import { Keypad } from './Keypad';

/** Back to the welcome screen after this long without a touch, whatever is showing. */
export const KIOSK_IDLE_MS = 30_000;
/** How long "take your badge" and "please go to the desk" stay before the next person's welcome. */
const DONE_MS = 8_000;
const DESK_MS = 15_000;
const JOB_POLL_MS = 400;
const STATUS_POLL_MS = 5_000;
/** The staff's way out: press and hold the top-left corner this long. */
const HOLD_MS = 3_000;

type Step =
  | { s: 'idle' }
  | { s: 'phone'; digits: string }
  | { s: 'code'; text: string }
  | { s: 'surnames'; tail: string; choices: string[] }
  | { s: 'card'; card: KioskCard; ticket: string }
  | { s: 'printing'; ticket: string }
  | { s: 'done' }
  | ({ s: 'desk' } & KioskToDesk)
  | { s: 'wait'; seconds: number };

const otherLang = (l: Lang): Lang => (l === 'zh' ? 'en' : 'zh');

/** The kiosk's own texts (each shown in both languages). */
type KioskText = `kiosk.${Exclude<keyof (typeof zh)['kiosk'], 'side' | 'take'>}` | `kiosk.take.${PrinterSide}`;

/**
 * The self-service kiosk (issue #16), full screen: the attendee scans their e-ticket or finds themselves by phone tail
 * and surname, sees their own card only, confirms, and takes the badge the kiosk prints; anything unusual sends them
 * to the desk, said in both languages. Every screen returns to the welcome after 30 s without a touch.
 */
export function Kiosk({ stationLanguage, onLeft }: { stationLanguage: Lang; onLeft: () => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [step, setStep] = useState<Step>({ s: 'idle' });
  const statusQuery = useQuery('kiosk:status', {});
  const status = statusQuery.result?.ok ? statusQuery.result.value : null;
  const refreshStatus = statusQuery.reload;
  const lookUp = useCommand('kiosk:find');
  const confirming = useCommand('kiosk:confirm');
  const busy = lookUp.busy || confirming.busy;
  const [camera, setCamera] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const lastTouch = useRef(Date.now());
  const gate = useRef(createScanGate());
  const cameraGate = useRef(createScanGate(3_000, { held: true }));
  // The attendee's language, for this person only: the next one starts in the station's.
  const [lang, setLang] = useState<Lang>(stationLanguage);
  const say = (key: KioskText, o: { seconds?: number }, l: Lang) => i18n.t(key, { ...o, lng: l });

  /** A text of the app in both languages: the chosen one large, the other under it. */
  const both = (key: KioskText, options: { seconds?: number } = {}, className = ''): ReactNode => (
    <span className={`kiosk-both ${className}`}>
      <span className="kiosk-main" lang={LOCALES[lang]}>
        {say(key, options, lang)}
      </span>
      <span className="kiosk-other" lang={LOCALES[otherLang(lang)]}>
        {say(key, options, otherLang(lang))}
      </span>
    </span>
  );
  const bothOf = (b: Bilingual, className = ''): ReactNode => (
    <span className={`kiosk-both ${className}`}>
      <span className="kiosk-main" lang={LOCALES[lang]}>
        {b[lang]}
      </span>
      <span className="kiosk-other" lang={LOCALES[otherLang(lang)]}>
        {b[otherLang(lang)]}
      </span>
    </span>
  );

  const home = useCallback(() => {
    setStep({ s: 'idle' });
    setCamera(false);
    // The next person starts in the station's own language.
    setLang(stationLanguage);
  }, [stationLanguage]);

  useEffect(() => {
    const timer = setInterval(refreshStatus, STATUS_POLL_MS);
    return () => clearInterval(timer);
  }, [refreshStatus]);

  // Any touch or key keeps the screen; 30 s without one and it clears itself.
  useEffect(() => {
    const touched = () => (lastTouch.current = Date.now());
    window.addEventListener('pointerdown', touched, true);
    window.addEventListener('keydown', touched, true);
    const timer = setInterval(() => {
      if (Date.now() - lastTouch.current >= KIOSK_IDLE_MS) {
        lastTouch.current = Date.now();
        setLeaving(false);
        home();
      }
    }, 500);
    return () => {
      window.removeEventListener('pointerdown', touched, true);
      window.removeEventListener('keydown', touched, true);
      clearInterval(timer);
    };
  }, [home]);

  useEffect(() => {
    if (step.s !== 'done' && step.s !== 'desk') return;
    const timer = setTimeout(home, step.s === 'done' ? DONE_MS : DESK_MS);
    return () => clearTimeout(timer);
  }, [step, home]);

  useEffect(() => {
    if (step.s !== 'wait') return;
    if (step.seconds <= 0) {
      home();
      return;
    }
    const timer = setTimeout(() => setStep({ s: 'wait', seconds: step.seconds - 1 }), 1000);
    return () => clearTimeout(timer);
  }, [step, home]);

  /** Sent to the desk, with the low buzz; the kiosk's own state asked again when its printer may be why. */
  const toDesk = ({ reason, message, deskWhere }: KioskToDesk, askStatus = reason === 'out_of_service') => {
    setStep({ s: 'desk', reason, message, deskWhere });
    playAnswer('refused');
    if (askStatus) refreshStatus();
  };

  const find = async (query: { code: string } | { phoneTail: string } | { phoneTail: string; surname: string }) => {
    const a = await lookUp.run(query);
    if (a === null) return;
    if (a.kind === 'card') setStep({ s: 'card', card: a.card, ticket: a.ticket });
    else if (a.kind === 'surnames') setStep({ s: 'surnames', tail: 'phoneTail' in query ? query.phoneTail : '', choices: a.choices });
    else if (a.kind === 'wait') setStep({ s: 'wait', seconds: a.seconds });
    else toDesk(a);
  };

  const jobAnswered = (j: KioskJob) => {
    if (j.state === 'printed') {
      setStep({ s: 'done' });
      playAnswer('admitted');
    } else if (j.state === 'desk') toDesk(j, true);
  };

  const confirm = async (ticket: string) => {
    const j = await confirming.run({ ticket });
    if (j === null) return home();
    if (j.state === 'printing') setStep({ s: 'printing', ticket });
    else jobAnswered(j);
  };

  useEffect(() => {
    if (step.s !== 'printing') return;
    let stopped = false;
    const poll = async () => {
      while (!stopped) {
        await new Promise((r) => setTimeout(r, JOB_POLL_MS));
        if (stopped) return;
        const r = await api.call('kiosk:job', { ticket: step.ticket });
        if (stopped) return;
        if (!r.ok) return home();
        // Printing keeps the screen: the person is waiting at the printer, not idle.
        lastTouch.current = Date.now();
        if (r.value.state !== 'printing') return jobAnswered(r.value);
      }
    };
    void poll();
    return () => {
      stopped = true;
    };
  }, [step]);

  // A hand scanner types into the scan box wherever the person is: a scan starts over with that code. Only the
  // supervisor's dialog (and the camera chooser) take the focus from it.
  const { input, props: scanBox, refocus } = useScanBox(
    (code) => scanned(code, 'scanner'),
    (to) => to.closest('[role="dialog"], .door-camera select') !== null,
  );
  // A touched button that goes with its screen takes the focus with it (Chromium sends no blur then): each new screen
  // gives it back to the scan box, and a key typed with the focus nowhere goes there too.
  useEffect(() => {
    refocus();
  }, [step.s]);
  useEffect(() => {
    const redirect = () => {
      const active = document.activeElement;
      if (active === null || active === document.body || (active instanceof HTMLButtonElement && active.closest('.kiosk') !== null)) input.current?.focus();
    };
    window.addEventListener('keydown', redirect, true);
    return () => window.removeEventListener('keydown', redirect, true);
  }, []);
  const scanned = (code: string, from: 'scanner' | 'camera') => {
    if (!(from === 'camera' ? cameraGate : gate).current(code, Date.now())) return;
    if (busy || step.s === 'printing') return;
    void find({ code });
  };

  // The staff's gesture: press and hold the corner; a tap does nothing.
  const hold = useRef<ReturnType<typeof setTimeout> | null>(null);
  const holdStart = () => {
    hold.current = setTimeout(() => setLeaving(true), HOLD_MS);
  };
  const holdEnd = () => {
    if (hold.current !== null) clearTimeout(hold.current);
    hold.current = null;
  };

  /** Where the staffed desk is, in both languages: said wherever the kiosk sends someone there. */
  const deskWhere = (where: Bilingual): ReactNode => (
    <p className="kiosk-where">
      {both('kiosk.deskWhere', {}, 'kiosk-where-label')}
      {bothOf(where, 'kiosk-where-text')}
    </p>
  );
  const keypadLabels = { delete: both('kiosk.delete'), ok: both('kiosk.ok') };
  const outOfService = status?.state === 'out_of_service';
  const side: PrinterSide = status?.printerSide ?? 'left';

  const screen = (): ReactNode => {
    if (outOfService && (step.s === 'idle' || step.s === 'phone' || step.s === 'code' || step.s === 'surnames')) {
      return (
        <div className="kiosk-panel kiosk-desk" role="alert">
          <h1 className="kiosk-title">{both('kiosk.outTitle')}</h1>
          <p className="kiosk-lead">{both('kiosk.outLead')}</p>
          {status && deskWhere(status.deskWhere)}
        </div>
      );
    }
    switch (step.s) {
      case 'idle':
        return (
          <div className="kiosk-panel kiosk-idle">
            <p className="kiosk-welcome">{both('kiosk.welcome')}</p>
            {status && <h1 className="kiosk-event">{bothOf(status.eventName)}</h1>}
            <div className="kiosk-scan-hint" aria-hidden={camera}>
              <span className="kiosk-qr-icon" aria-hidden="true" />
              {both('kiosk.scanHint', {}, 'kiosk-hint')}
            </div>
            {camera && <CameraScan onCode={(c) => scanned(c, 'camera')} paused={busy} />}
            <div className="kiosk-choices">
              <button type="button" className="kiosk-button kiosk-button-primary" onClick={() => setStep({ s: 'phone', digits: '' })}>
                {both('kiosk.byPhone')}
              </button>
              <button type="button" className="kiosk-button" onClick={() => setStep({ s: 'code', text: '' })}>
                {both('kiosk.byCode')}
              </button>
              <button type="button" className="kiosk-button" onClick={() => setCamera((c) => !c)}>
                {both(camera ? 'kiosk.cameraOff' : 'kiosk.byCamera')}
              </button>
            </div>
          </div>
        );
      case 'phone':
        return (
          <div className="kiosk-panel">
            <h1 className="kiosk-title">{both('kiosk.phoneTitle')}</h1>
            <Keypad labels={keypadLabels} kind="digits" max={4} value={step.digits} onChange={(digits) => setStep({ s: 'phone', digits })} ready={step.digits.length === 4 && !busy} onSubmit={() => void find({ phoneTail: step.digits })} />
            <BackButton onClick={home}>{both('kiosk.back')}</BackButton>
          </div>
        );
      case 'code':
        return (
          <div className="kiosk-panel">
            <h1 className="kiosk-title">{both('kiosk.codeTitle')}</h1>
            <Keypad labels={keypadLabels} kind="code" max={40} value={step.text} onChange={(text) => setStep({ s: 'code', text })} ready={step.text.length >= 4 && !busy} onSubmit={() => void find({ code: step.text })} />
            <BackButton onClick={home}>{both('kiosk.back')}</BackButton>
          </div>
        );
      case 'surnames':
        return (
          <div className="kiosk-panel">
            <h1 className="kiosk-title">{both('kiosk.surnameTitle')}</h1>
            <div className="kiosk-surnames" role="group">
              {step.choices.map((c) => (
                <button key={c} type="button" className="kiosk-button kiosk-surname" disabled={busy} onClick={() => void find({ phoneTail: step.tail, surname: c })}>
                  {c}
                </button>
              ))}
            </div>
            <button type="button" className="kiosk-button kiosk-button-quiet" onClick={() => void find({ phoneTail: step.tail, surname: '—' })} disabled={busy}>
              {both('kiosk.surnameNone')}
            </button>
            <BackButton onClick={home}>{both('kiosk.back')}</BackButton>
          </div>
        );
      case 'card':
        return (
          <div className="kiosk-panel">
            <h1 className="kiosk-title">{both('kiosk.cardTitle')}</h1>
            <article className="kiosk-card" style={{ borderTopColor: step.card.category.colour }} aria-label={step.card.nameZh ?? step.card.nameEn ?? ''}>
              <p className="kiosk-card-name">{step.card.nameZh ?? step.card.nameEn}</p>
              {step.card.nameZh !== null && step.card.nameEn !== null && <p className="kiosk-card-latin">{step.card.nameEn}</p>}
              <dl className="kiosk-card-facts">
                {(step.card.orgZh ?? step.card.orgEn) !== null && (
                  <div>
                    <dt>{both('kiosk.org')}</dt>
                    <dd>{lang === 'en' ? (step.card.orgEn ?? step.card.orgZh) : (step.card.orgZh ?? step.card.orgEn)}</dd>
                  </div>
                )}
                <div>
                  <dt>{both('kiosk.category')}</dt>
                  <dd>
                    <span className="kiosk-chip" style={{ background: step.card.category.colour }} />
                    {bothOf(step.card.category.name)}
                  </dd>
                </div>
                {step.card.phone !== null && (
                  <div>
                    <dt>{both('kiosk.phone')}</dt>
                    <dd className="kiosk-masked">{step.card.phone}</dd>
                  </div>
                )}
                {step.card.document !== null && (
                  <div>
                    <dt>{both('kiosk.document')}</dt>
                    <dd className="kiosk-masked">{step.card.document}</dd>
                  </div>
                )}
              </dl>
            </article>
            <div className="kiosk-choices kiosk-choices-row">
              <button type="button" className="kiosk-button" onClick={home}>
                {both('kiosk.no')}
              </button>
              <button type="button" className="kiosk-button kiosk-button-primary" disabled={busy} onClick={() => void confirm(step.ticket)}>
                {both('kiosk.yes')}
              </button>
            </div>
          </div>
        );
      case 'printing':
        return (
          <div className="kiosk-panel" role="status">
            <span className="kiosk-spinner" aria-hidden="true" />
            <h1 className="kiosk-title">{both('kiosk.printing')}</h1>
          </div>
        );
      case 'done':
        return (
          <div className="kiosk-panel kiosk-done" role="status">
            <span className={`kiosk-arrow kiosk-arrow-${side}`} aria-hidden="true" />
            <h1 className="kiosk-title">{both('kiosk.doneTitle')}</h1>
            <p className="kiosk-lead kiosk-take">{both(`kiosk.take.${side}`)}</p>
          </div>
        );
      case 'desk':
        return (
          <div className="kiosk-panel kiosk-desk" role="alert">
            <h1 className="kiosk-title">{both('kiosk.deskTitle')}</h1>
            <p className="kiosk-lead">{bothOf(step.message)}</p>
            {deskWhere(step.deskWhere)}
            <BackButton onClick={home}>{both('kiosk.again')}</BackButton>
          </div>
        );
      case 'wait':
        return (
          <div className="kiosk-panel kiosk-desk" role="alert">
            <h1 className="kiosk-title">{both('kiosk.waitTitle', { seconds: step.seconds })}</h1>
            <p className="kiosk-lead">{both('kiosk.waitLead')}</p>
          </div>
        );
    }
  };

  return (
    <div className="kiosk" data-step={outOfService ? 'out_of_service' : step.s}>
      <header className="kiosk-bar">
        <button
          type="button"
          className="kiosk-staff"
          aria-label={t('kiosk.staff')}
          onPointerDown={holdStart}
          onPointerUp={holdEnd}
          onPointerLeave={holdEnd}
          onPointerCancel={holdEnd}
          onContextMenu={(e) => e.preventDefault()}
        />
        <button type="button" className="kiosk-language" lang={LOCALES[otherLang(lang)]} onClick={() => setLang(otherLang(lang))}>
          {t(`language.${otherLang(lang)}`)}
        </button>
      </header>
      <input className="kiosk-scan-input" aria-label={t('kiosk.scanBox')} autoFocus {...scanBox} />
      <main className="kiosk-main-area">{screen()}</main>
      {leaving && (
        <TakeOver
          lead={t('kiosk.takeOverLead')}
          onClose={() => {
            setLeaving(false);
            refocus();
          }}
          onTakenOver={onLeft}
        />
      )}
    </div>
  );
}

function BackButton({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <button type="button" className="kiosk-button kiosk-button-quiet kiosk-back" onClick={onClick}>
      {children}
    </button>
  );
}
