import type { Bilingual as BilingualText } from '../../shared/text';
import { LOCALES, useBilingual, useLang } from '../i18n';

/** The event's words in the UI language, with the other language smaller underneath. */
export function Bilingual({ text, className }: { text: BilingualText; className?: string }) {
  const lang = useLang();
  const { main, other } = useBilingual();
  return (
    <span className={`bilingual ${className ?? ''}`}>
      <span className="bilingual-main">{main(text)}</span>
      <span className="bilingual-other" lang={LOCALES[lang === 'zh' ? 'en' : 'zh']}>
        {other(text)}
      </span>
    </span>
  );
}
