import { useEffect, useId } from 'react';
import { useMutation, useQuery } from 'urql';
import { MeDocument, UpdatePreferencesDocument } from '@showstream/client-ops';
import { useSession } from '../auth/session.ts';
import { LANGUAGES, changeLanguage, isLanguage, languageOf, useI18n } from '../i18n/index.ts';

/**
 * The header's language choice. Signed in, the user's saved `preferences.language` wins (when it
 * loads, and whenever it changes), and choosing another language saves it there; signed out, the
 * choice is this device's (localStorage), and the browser's language before anyone chose.
 */
export function LanguageSwitcher() {
  const session = useSession();
  const { t, language } = useI18n();
  const id = useId();
  const [me] = useQuery({ query: MeDocument, pause: !session });
  const [, savePreferences] = useMutation(UpdatePreferencesDocument);
  const saved = session ? languageOf(me.data?.me?.preferences?.language) : null;

  useEffect(() => {
    if (saved) changeLanguage(saved);
  }, [saved]);

  return (
    <div className="language-switch">
      <label htmlFor={id} className="visually-hidden">
        {t('app.language')}
      </label>
      <select
        id={id}
        value={language}
        onChange={(event) => {
          const next = event.target.value;
          if (!isLanguage(next)) return;
          changeLanguage(next);
          if (session && next !== saved) void savePreferences({ input: { language: next } });
        }}
      >
        {Object.entries(LANGUAGES).map(([code, { name }]) => (
          <option key={code} value={code} lang={code}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}
