import { useTranslation } from 'react-i18next';

/** A field the organiser has not filled in: said plainly, never guessed. */
export function NotSet() {
  const { t } = useTranslation();
  return <span className="not-set">{t('common.notSet')}</span>;
}
