import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventView } from '../../../shared/contract';
import type { AppError } from '../../../shared/result';
import type { StationConfig, StationMode } from '../../../shared/station';
import { STATION_MODES } from '../../../shared/station';
import { useApi } from '../../api/context';
import { Bilingual } from '../../components/Bilingual';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { NotSet } from '../../components/NotSet';
import { useBilingual } from '../../i18n';
import { SyncSetup } from '../sync/SyncSetup';

interface Props {
  station: StationConfig;
  event: EventView;
  /** Supervisors and admins set a station up; desk and door staff only see how it is set up. */
  canConfigure: boolean;
  /** An admin also makes this laptop the hub or joins one. */
  canSync?: boolean;
  onSaved: (station: StationConfig) => void;
}

export function StationSetup(props: Props) {
  const { t } = useTranslation();
  return (
    <div className="page page-narrow">
      <header className="page-header">
        <h1 className="page-title">{t('station.title')}</h1>
        <p className="page-lead">{t('station.lead')}</p>
      </header>
      {props.canConfigure ? <StationForm {...props} /> : <StationSummary station={props.station} event={props.event} />}
      {props.canSync && <SyncSetup />}
    </div>
  );
}

function StationSummary({ station, event }: { station: StationConfig; event: EventView }) {
  const { t } = useTranslation();
  const activity = event.activities.find((a) => a.id === station.activityId);
  return (
    <section className="card">
      <dl className="facts">
        <div>
          <dt>{t('station.name')}</dt>
          <dd>{station.name}</dd>
        </div>
        <div>
          <dt>{t('station.mode')}</dt>
          <dd>{station.mode ? t(`stationMode.${station.mode}`) : <NotSet />}</dd>
        </div>
        {station.mode === 'door' && (
          <div>
            <dt>{t('station.activity')}</dt>
            <dd>{activity ? <Bilingual text={activity.title} /> : <NotSet />}</dd>
          </div>
        )}
      </dl>
      <p className="note">{t('station.readOnly')}</p>
    </section>
  );
}

function StationForm({ station, event, onSaved }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const { main, other } = useBilingual();
  const [name, setName] = useState(station.name);
  const [mode, setMode] = useState<StationMode | null>(station.mode);
  const [activityId, setActivityId] = useState<string | null>(station.activityId);
  const [problems, setProblems] = useState<{ name: boolean; mode: boolean; activity: boolean }>({ name: false, mode: false, activity: false });
  const [error, setError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next = { name: name.trim() === '', mode: mode === null, activity: mode === 'door' && activityId === null };
    setProblems(next);
    setSaved(false);
    if (next.name || next.mode || next.activity || mode === null) return;
    setBusy(true);
    const result = await api.call('station:configure', { name: name.trim(), mode, activityId: mode === 'door' ? activityId : null });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    setSaved(true);
    onSaved(result.value);
  };

  return (
    <form className="card form" onSubmit={(e) => void submit(e)} noValidate>
      <Field label={t('station.name')} hint={t('station.nameHint')} error={problems.name ? t('common.required') : null}>
        {(control) => <input {...control} value={name} onChange={(e) => setName(e.target.value)} maxLength={40} autoFocus />}
      </Field>

      <fieldset className="choice-group">
        <legend>{t('station.mode')}</legend>
        <div className="choice-row">
          {STATION_MODES.map((m) => (
            <label key={m} className={`choice${mode === m ? ' choice-selected' : ''}`}>
              <input type="radio" name="station-mode" value={m} checked={mode === m} onChange={() => setMode(m)} />
              <span className="choice-body">
                <span className="choice-title">{t(`stationMode.${m}`)}</span>
                <span className="choice-hint">{t(`stationModeHint.${m}`)}</span>
              </span>
            </label>
          ))}
        </div>
        {problems.mode && <p className="field-error">{t('station.chooseMode')}</p>}
      </fieldset>

      {mode === 'door' && (
        <fieldset className="choice-group">
          <legend>{t('station.activity')}</legend>
          <div className="choice-list">
            {event.activities.map((a) => (
              <label key={a.id} className={`choice${activityId === a.id ? ' choice-selected' : ''}`}>
                <input type="radio" name="station-activity" value={a.id} checked={activityId === a.id} onChange={() => setActivityId(a.id)} />
                <span className="choice-body">
                  <span className="choice-title">
                    {main(a.title)}
                    <span className="choice-tag">{main(a.shortTitle)}</span>
                  </span>
                  <span className="choice-hint">{other(a.title)}</span>
                </span>
              </label>
            ))}
          </div>
          {problems.activity && <p className="field-error">{t('station.chooseActivity')}</p>}
        </fieldset>
      )}

      <ErrorMessage error={error} />
      {saved && (
        <div className="message message-ok" role="status">
          <p className="message-text">{t('station.saved')}</p>
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('station.save')}
        </button>
      </div>
    </form>
  );
}
