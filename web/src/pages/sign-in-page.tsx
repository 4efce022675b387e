import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { LoginDocument, RegisterDocument } from '@showstream/client-ops';
import { setSession } from '../auth/session.ts';
import { ProblemBanner } from '../components/problem.tsx';
import { describeError, type Problem } from '../graphql/errors.ts';
import { useI18n } from '../i18n/index.ts';
import { Link, navigate } from '../lib/router.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';

/** Only paths inside the app: a `next` pointing elsewhere would make this page an open redirect. */
const safeNext = (next: string | null) => (next && next.startsWith('/') && !next.startsWith('//') ? next : '/');

export function SignInPage({ mode, next }: { mode: 'sign-in' | 'register'; next: string | null }) {
  const { t } = useI18n();
  usePageTitle(mode === 'sign-in' ? t('signIn.signIn') : t('signIn.createAnAccount'));
  const [problem, setProblem] = useState<Problem | null>(null);
  const [login, runLogin] = useMutation(LoginDocument);
  const [register, runRegister] = useMutation(RegisterDocument);
  const busy = login.fetching || register.fetching;
  const other = `${mode === 'sign-in' ? '/register' : '/signin'}${next ? `?next=${encodeURIComponent(next)}` : ''}`;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setProblem(null);
    const form = new FormData(event.currentTarget);
    // The form has text inputs only; a File would mean someone else's form.
    const text = (name: string) => {
      const value = form.get(name);
      return typeof value === 'string' ? value : '';
    };
    const field = (name: string) => text(name).trim();
    const email = field('email');
    const password = text('password');
    const result =
      mode === 'sign-in'
        ? await runLogin({ email, password }).then((response) => ({
            error: response.error,
            session: response.data?.login,
          }))
        : await runRegister({
            input: { email, password, firstName: field('firstName'), lastName: field('lastName') },
          }).then((response) => ({ error: response.error, session: response.data?.register }));
    if (result.error || !result.session) return setProblem(result.error ? describeError(result.error, mode) : null);
    setSession(result.session);
    navigate(safeNext(next), { replace: true });
  };

  const invalid = (name: string) => (problem?.field === name || problem?.field === `input.${name}` ? true : undefined);
  return (
    <section className="auth card" aria-labelledby="auth-title">
      <h1 id="auth-title">{mode === 'sign-in' ? t('signIn.signIn') : t('signIn.createYourAccount')}</h1>
      <p className="muted">{mode === 'sign-in' ? t('signIn.welcome') : t('signIn.takesAMinute')}</p>
      <ProblemBanner problem={problem} />
      <form onSubmit={submit}>
        {mode === 'register' && (
          <div className="field-row">
            <label className="field">
              <span>{t('signIn.firstName')}</span>
              <input name="firstName" autoComplete="given-name" required aria-invalid={invalid('firstName')} />
            </label>
            <label className="field">
              <span>{t('signIn.lastName')}</span>
              <input name="lastName" autoComplete="family-name" required aria-invalid={invalid('lastName')} />
            </label>
          </div>
        )}
        <label className="field">
          <span>{t('signIn.email')}</span>
          <input name="email" type="email" autoComplete="email" required aria-invalid={invalid('email')} />
        </label>
        <label className="field">
          <span>{t('signIn.password')}</span>
          <input
            name="password"
            type="password"
            autoComplete={mode === 'sign-in' ? 'current-password' : 'new-password'}
            required
            minLength={mode === 'register' ? 8 : undefined}
            aria-invalid={invalid('password')}
            aria-describedby={mode === 'register' ? 'password-rules' : undefined}
          />
          {mode === 'register' && (
            <small id="password-rules" className="muted">
              {t('signIn.passwordRules')}
            </small>
          )}
        </label>
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? t('signIn.wait') : mode === 'sign-in' ? t('signIn.signIn') : t('signIn.createAccount')}
        </button>
      </form>
      <p className="auth__switch">
        {mode === 'sign-in' ? t('signIn.newHere') : t('signIn.haveAccount')}{' '}
        <Link to={other}>{mode === 'sign-in' ? t('signIn.createAnAccount') : t('signIn.signIn')}</Link>
      </p>
    </section>
  );
}
