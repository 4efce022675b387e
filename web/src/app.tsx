import { useEffect, useRef, type ReactNode } from 'react';
import { isAdmin, signOut, useSession } from './auth/session.ts';
import { EmptyState } from './components/bits.tsx';
import { NotificationBell } from './components/notification-bell.tsx';
import { ApiProvider } from './graphql/api-context.tsx';
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
  return (
    <ApiProvider>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header />
      <Main />
      <footer className="site-footer">
        <p>
          ShowStream — the reference front end of the ShowStream supergraph. Payments run in the sandbox: no real money
          moves.
        </p>
      </footer>
      <Toasts />
    </ApiProvider>
  );
}

function Header() {
  const session = useSession();
  const { path } = useLocation();
  const current = (prefix: string) =>
    path === prefix || (prefix !== '/' && path.startsWith(prefix)) ? 'page' : undefined;
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to="/" className="brand" aria-label="ShowStream home">
          <svg viewBox="0 0 32 32" aria-hidden="true" className="brand__mark">
            <rect width="32" height="32" rx="8" fill="currentColor" />
            <path d="M9 11h14l-2 5 2 5H9l2-5-2-5Z" fill="#fff" />
          </svg>
          <span>ShowStream</span>
        </Link>
        <nav aria-label="Main" className="site-nav">
          <Link to="/" aria-current={current('/')}>
            Browse
          </Link>
          {session && (
            <Link to="/bookings" aria-current={current('/bookings')}>
              Bookings
            </Link>
          )}
          {isAdmin(session) && (
            <Link to="/admin" aria-current={current('/admin')}>
              Dashboard
            </Link>
          )}
          {isAdmin(session) && (
            <Link to="/door" aria-current={current('/door')}>
              Door
            </Link>
          )}
        </nav>
        <div className="site-header__account">
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
                Sign out
              </button>
            </>
          ) : (
            <Link
              to={path === '/signin' || path === '/register' ? '/signin' : `/signin?next=${encodeURIComponent(path)}`}
              className="button button--secondary button--small"
            >
              Sign in
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
      return <EmptyState title="Admins only">{<p>This dashboard is for ShowStream administrators.</p>}</EmptyState>;
    return <AdminPage />;
  }
  if (matchPath('/door', path)) {
    if (!session) return <SignInPage mode="sign-in" next={`${path}?${query.toString()}`} />;
    if (!isAdmin(session))
      return (
        <EmptyState title="Door staff only">{<p>The door scanner is for ShowStream administrators.</p>}</EmptyState>
      );
    const showId = query.get('show');
    return <DoorPage key={showId ?? ''} showId={showId} />;
  }
  return (
    <EmptyState title="Page not found">
      <p>
        <Link to="/">Browse events</Link>
      </p>
    </EmptyState>
  );
}
