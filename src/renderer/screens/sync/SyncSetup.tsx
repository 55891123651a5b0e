import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupView, JoinedView, SyncSetupView } from '../../../shared/sync';
import { useCommand, useQuery } from '../../api/context';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { CameraScan } from '../door/CameraScan';

const CODE_PREFIX = 'LANYARD-PAIR-1:';
const DEFAULT_PORT = '7443';

/**
 * Station setup's sync card (issue #14, point 11), for an admin: a laptop on its own becomes the event's hub (listening
 * on one of its addresses) or joins a hub with the code the hub showed, typed, pasted or held up to the camera; a hub
 * or a paired station says where it is.
 */
export function SyncSetup() {
  const { t } = useTranslation();
  const setup = useQuery('sync:addresses', {});
  if (setup.result === null) return <p className="loading">{t('app.loading')}</p>;
  if (!setup.result.ok) return <ErrorMessage error={setup.result.error} />;
  const view = setup.result.value;
  return (
    <section className="card sync-setup" aria-labelledby="sync-setup-title">
      <h2 id="sync-setup-title" className="card-title">
        {t('syncSetup.title')}
      </h2>
      {view.role === null ? <OnItsOwn view={view} onChanged={setup.reload} /> : <Paired view={view} />}
      {view.role === 'hub' && <HubBackups dir={view.backupDir} onSaved={setup.reload} />}
    </section>
  );
}

function Paired({ view }: { view: SyncSetupView }) {
  const { t } = useTranslation();
  return (
    <div className="sync-paired" data-sync-role={view.role}>
      <p>{view.role === 'hub' ? t('syncSetup.isHub', { url: view.url ?? '—' }) : t('syncSetup.isPaired', { role: t(`stationMode.${view.role ?? 'desk'}`), url: view.url ?? '—' })}</p>
      {view.role === 'hub' && <p className="note">{t('syncSetup.hubNext')}</p>}
      {!view.running && <p className="note">{t(view.hosted ? 'syncSetup.notRunning' : 'syncSetup.notHosted')}</p>}
    </div>
  );
}

/** The hub's backups (issue #14, point 9): a folder (a USB stick), backed up into at once and every five minutes. */
function HubBackups({ dir, onSaved }: { dir: string | null; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const [folder, setFolder] = useState(dir ?? '');
  const [done, setDone] = useState<BackupView | null>(null);
  const { run, busy, error } = useCommand('sync:backup');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const made = await run({ dir: folder.trim() });
    setDone(made);
    if (made) onSaved();
  };
  return (
    <form className="form sync-choice" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="hub-backups-title">
      <h3 id="hub-backups-title">{t('syncSetup.backupTitle')}</h3>
      <p className="note">{t('syncSetup.backupHint')}</p>
      <Field label={t('syncSetup.backupDir')}>
        {(control) => <input {...control} value={folder} onChange={(e) => setFolder(e.target.value)} spellCheck={false} />}
      </Field>
      <ErrorMessage error={error} />
      {done && (
        <div className="message message-ok" role="status">
          <p className="message-text">{t('syncSetup.backedUp', { file: done.out, size: (done.bytes / 2 ** 20).toFixed(1), at: new Date(done.at).toLocaleTimeString(i18n.language === 'en' ? 'en-GB' : 'zh-CN') })}</p>
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy || folder.trim() === ''}>
          {t('syncSetup.backupNow')}
        </button>
      </div>
    </form>
  );
}

function OnItsOwn({ view, onChanged }: { view: SyncSetupView; onChanged: () => void }) {
  const { t } = useTranslation();
  if (!view.hosted) return <p className="note">{t('syncSetup.notHosted')}</p>;
  return (
    <div className="sync-choices">
      <p className="card-lead">{t('syncSetup.lead')}</p>
      <BecomeHub addresses={view.addresses} onDone={onChanged} />
      <JoinHub />
    </div>
  );
}

function BecomeHub({ addresses, onDone }: { addresses: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const [address, setAddress] = useState(addresses[0] ?? '127.0.0.1');
  const [port, setPort] = useState(DEFAULT_PORT);
  const { run, busy, error } = useCommand('sync:becomeHub');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await run({ listen: `${address}:${port.trim()}` })) onDone();
  };
  return (
    <form className="form sync-choice" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="become-hub-title">
      <h3 id="become-hub-title">{t('syncSetup.hubTitle')}</h3>
      <p className="note">{t('syncSetup.hubHint')}</p>
      <div className="field-row">
        <Field label={t('syncSetup.address')}>
          {(control) => (
            <select {...control} value={address} onChange={(e) => setAddress(e.target.value)}>
              {addresses.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('syncSetup.port')}>
          {(control) => <input {...control} inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} maxLength={5} size={6} />}
        </Field>
      </div>
      <ErrorMessage error={error} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('syncSetup.startHub')}
        </button>
      </div>
    </form>
  );
}

function JoinHub() {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [joined, setJoined] = useState<JoinedView | null>(null);
  const { run, busy, error } = useCommand('sync:join');
  const submit = async (e?: FormEvent, text = code) => {
    e?.preventDefault();
    const done = await run({ code: text.trim() });
    if (!done) return;
    setJoined(done);
    // The station starts again on the hub's database: this page signs in anew once it answers.
    setTimeout(() => window.location.reload(), 3000);
  };
  if (joined) {
    return (
      <div className="message message-ok" role="status">
        <p className="message-text">{t('syncSetup.joined', { role: t(`stationMode.${joined.role === 'hub' ? 'hub' : joined.role}`), count: joined.attendees })}</p>
        <p className="message-text">{t('syncSetup.restarting')}</p>
      </div>
    );
  }
  return (
    <form className="form sync-choice" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="join-hub-title">
      <h3 id="join-hub-title">{t('syncSetup.joinTitle')}</h3>
      <p className="note">{t('syncSetup.joinHint')}</p>
      <Field label={t('syncSetup.code')}>
        {(control) => <textarea {...control} className="pairing-code" rows={4} value={code} onChange={(e) => setCode(e.target.value)} spellCheck={false} autoComplete="off" />}
      </Field>
      {/* Held up to this laptop's camera: the code the hub shows as a QR. */}
      <CameraScan
        paused={busy}
        onCode={(text) => {
          if (!text.startsWith(CODE_PREFIX) || busy) return;
          setCode(text);
          void submit(undefined, text);
        }}
      />
      <ErrorMessage error={error} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy || !code.trim().startsWith(CODE_PREFIX)}>
          {t('syncSetup.join')}
        </button>
      </div>
    </form>
  );
}
