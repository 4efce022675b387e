import { useEffect, useRef, type ReactNode } from 'react';
import { isAdmin, signOut, useSession } from './auth/session.ts';
import { EmptyState } from './components/bits.tsx';
import { LanguageSwitcher } from './components/language-switcher.tsx';
import { NotificationBell } from './components/notification-bell.tsx';
import { ApiProvider } from './graphql/api-context.tsx';
import { useI18n } from './i18n/index.ts';
import { Link, matchPath, navigate, useLocation } from './lib/router.tsx';
import { Toasts } from './lib/toasts.tsx';
import { AdminPage } from './pages/admin-page.tsx';
import { DoorPage } from './pages/door-page.tsx';
import { BookingPage } from './pages/booking-page.tsx';
import { BrowsePage } from './pages/browse-page.tsx';
import { EventPage } from './pages/event-page.tsx';
import { MyBookingsPage } from './pages/my-bookings-page.tsx';
import { NotificationsPage } from './pages/notifications-page.tsx';
import { ShowPage } from './pages/show-page.tsx';
import { SignInPage } from './pages/sign-in-page.tsx';

export function App() {
  const { t } = useI18n();
  return (
    <ApiProvider>
      <a className="skip-link" href="#main">
        {t('app.skipLink')}
      </a>
      <Header />
      <Main />
      <footer className="site-footer">
        <p>{t('app.footer')}</p>
      </footer>
      <Toasts />
    </ApiProvider>
  );
}

function Header() {
  const session = useSession();
  const { t } = useI18n();
  const { path } = useLocation();
  const current = (prefix: string) =>
    path === prefix || (prefix !== '/' && path.startsWith(prefix)) ? 'page' : undefined;
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to="/" className="brand" aria-label={t('app.home')}>
          <svg viewBox="0 0 32 32" aria-hidden="true" className="brand__mark">
            <rect width="32" height="32" rx="8" fill="currentColor" />
            <path d="M9 11h14l-2 5 2 5H9l2-5-2-5Z" fill="#fff" />
          </svg>
          <span>ShowStream</span>
        </Link>
        <nav aria-label={t('app.mainNav')} className="site-nav">
          <Link to="/" aria-current={current('/')}>
            {t('app.browse')}
          </Link>
          {session && (
            <Link to="/bookings" aria-current={current('/bookings')}>
              {t('app.bookings')}
            </Link>
          )}
          {isAdmin(session) && (
            <Link to="/admin" aria-current={current('/admin')}>
              {t('app.dashboard')}
            </Link>
          )}
          {isAdmin(session) && (
            <Link to="/door" aria-current={current('/door')}>
              {t('app.door')}
            </Link>
          )}
        </nav>
        <div className="site-header__account">
          <LanguageSwitcher />
          {session ? (
            <>
              <NotificationBell />
              <span className="account-name" title={session.user.email}>
                {session.user.firstName ?? session.user.email}
              </span>
              <button
                type="button"
                className="button button--ghost button--small"
                onClick={() => {
                  void signOut();
                  navigate('/');
                }}
              >
                {t('app.signOut')}
              </button>
            </>
          ) : (
            <Link
              to={path === '/signin' || path === '/register' ? '/signin' : `/signin?next=${encodeURIComponent(path)}`}
              className="button button--secondary button--small"
            >
              {t('app.signIn')}
            </Link>
          )}
        </div>
      </div>
    </header>
  );
}

function Main() {
  const { path, query } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // After an in-app navigation, move focus to the new page, as a full page load would.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
  }, [path]);
  return (
    <main id="main" ref={main} tabIndex={-1} className="site-main">
      <Route path={path} query={query} />
    </main>
  );
}

function Route({ path, query }: { path: string; query: URLSearchParams }) {
  const session = useSession();
  const { t } = useI18n();
  const needsSession = (page: ReactNode) => (session ? page : <SignInPage mode="sign-in" next={path} />);
  if (matchPath('/', path)) return <BrowsePage query={query.get('q') ?? ''} />;
  const event = matchPath('/events/:id', path);
  if (event) return <EventPage key={event.id} eventId={event.id} city={query.get('city')} />;
  const show = matchPath('/shows/:id', path);
  if (show)
    return (
      <ShowPage key={show.id} showId={show.id} initialSeats={query.get('seats')?.split(',').filter(Boolean) ?? []} />
    );
  if (matchPath('/bookings', path)) return needsSession(<MyBookingsPage />);
  const booking = matchPath('/bookings/:id', path);
  if (booking) return needsSession(<BookingPage key={booking.id} bookingId={booking.id} />);
  if (matchPath('/notifications', path)) return needsSession(<NotificationsPage />);
  if (matchPath('/signin', path)) return <SignInPage key="sign-in" mode="sign-in" next={query.get('next')} />;
  if (matchPath('/register', path)) return <SignInPage key="register" mode="register" next={query.get('next')} />;
  if (matchPath('/admin', path)) {
    if (!session) return <SignInPage mode="sign-in" next={path} />;
    if (!isAdmin(session))
      return <EmptyState title={t('app.adminsOnly')}>{<p>{t('app.adminsOnlyDetail')}</p>}</EmptyState>;
    return <AdminPage />;
  }
  if (matchPath('/door', path)) {
    if (!session) return <SignInPage mode="sign-in" next={`${path}?${query.toString()}`} />;
    if (!isAdmin(session))
      return <EmptyState title={t('app.doorStaffOnly')}>{<p>{t('app.doorStaffOnlyDetail')}</p>}</EmptyState>;
    const showId = query.get('show');
    return <DoorPage key={showId ?? ''} showId={showId} />;
  }
  return (
    <EmptyState title={t('app.notFound')}>
      <p>
        <Link to="/">{t('app.browseEvents')}</Link>
      </p>
    </EmptyState>
  );
}
