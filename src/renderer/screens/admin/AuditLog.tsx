import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../shared/contract';
import type { AppError } from '../../../shared/result';
import { useApi } from '../../api/context';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatTimestamp } from '../../format';
import { useLang } from '../../i18n';

const PAGE = 100;

/** Actions and entities main writes today; anything newer is shown by its code until the catalogs name it. */
const ACTIONS = [
  'event.init',
  'event.import',
  'event.updateActivity',
  'operator.createFirstAdmin',
  'operator.create',
  'operator.setActive',
  'operator.resetPin',
  'station.setLanguage',
  'station.configure',
  'demo.generate',
  'demo.remove',
] as const;
const ENTITIES = ['event', 'activity', 'operator', 'station', 'attendee'] as const;

const oneOf = <T extends string>(list: readonly T[], value: string): T | undefined => list.find((item) => item === value);

/** Every change, newest first: who, when, through which channel, what. */
export function AuditLog() {
  const { t } = useTranslation();
  const lang = useLang();
  const api = useApi();
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  const load = useCallback(
    async (beforeId?: number) => {
      const result = await api.call('audit:list', beforeId === undefined ? { limit: PAGE } : { limit: PAGE, beforeId });
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setError(null);
      setEntries((previous) => (beforeId === undefined ? result.value : [...(previous ?? []), ...result.value]));
      setMore(result.value.length === PAGE);
    },
    [api],
  );

  useEffect(() => {
    void load();
  }, [load]);

  const actionLabel = (action: string) => {
    const known = oneOf(ACTIONS, action);
    return known ? t(`auditAction.${known}`) : action;
  };
  const entityLabel = (entity: string) => {
    const known = oneOf(ENTITIES, entity);
    return known ? t(`auditEntity.${known}`) : entity;
  };
  const last = entries?.[entries.length - 1];

  return (
    <div className="page">
      <header className="page-header page-header-row">
        <div>
          <h1 className="page-title">{t('audit.title')}</h1>
          <p className="page-lead">{t('audit.lead')}</p>
        </div>
        <button type="button" className="button" onClick={() => void load()}>
          {t('audit.refresh')}
        </button>
      </header>
      <ErrorMessage error={error} />
      {entries === null ? (
        error === null && <p className="loading">{t('app.loading')}</p>
      ) : entries.length === 0 ? (
        <p className="empty">{t('audit.empty')}</p>
      ) : (
        <div className="table-wrap card">
          <table className="table audit">
            <thead>
              <tr>
                <th scope="col">{t('audit.at')}</th>
                <th scope="col">{t('audit.operator')}</th>
                <th scope="col">{t('audit.via')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.entity')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">{formatTimestamp(e.at, lang)}</td>
                  <td>{e.operator ? e.operator.name : <span className="muted">{t('audit.noOperator')}</span>}</td>
                  <td>{t(`auditVia.${e.via}`)}</td>
                  <td>
                    {actionLabel(e.action)}
                    <code className="code">{e.action}</code>
                  </td>
                  <td>
                    {entityLabel(e.entity)}
                    {e.entityId && <code className="code">{e.entityId}</code>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {more && last && (
        <div className="form-actions">
          <button type="button" className="button" onClick={() => void load(last.id)}>
            {t('audit.older')}
          </button>
        </div>
      )}
    </div>
  );
}
