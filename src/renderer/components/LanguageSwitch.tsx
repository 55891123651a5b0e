import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGS } from '../../shared/text';
import type { Lang } from '../../shared/text';
import { useApi } from '../api/context';
import { LOCALES, useLang } from '../i18n';
import { errorText } from './ErrorMessage';

/** 简体中文 / English, each label in its own language; the choice is saved for this station. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const lang = useLang();
  const [problem, setProblem] = useState<string | null>(null);

  const choose = async (language: Lang) => {
    if (language === lang) return;
    await i18n.changeLanguage(language);
    const result = await api.call('station:setLanguage', { language });
    setProblem(result.ok ? null : `${i18n.t('language.notSaved')} ${errorText(i18n.t, result.error)}`);
  };

  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {LANGS.map((language) => (
        <button key={language} type="button" lang={LOCALES[language]} aria-pressed={language === lang} onClick={() => void choose(language)}>
          {t(`language.${language}`)}
        </button>
      ))}
      {problem && (
        <span className="language-problem" role="alert">
          {problem}
        </span>
      )}
    </div>
  );
}
