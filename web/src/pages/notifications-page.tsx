import { useMutation, useQuery } from 'urql';
import {
  MarkAllNotificationsReadDocument,
  MarkNotificationReadDocument,
  MyNotificationsDocument,
} from '@showstream/client-ops';
import { EmptyState, Spinner } from '../components/bits.tsx';
import { ProblemBanner } from '../components/problem.tsx';
import { describeError } from '../graphql/errors.ts';
import { useI18n } from '../i18n/index.ts';
import { formatShortDateTime } from '../lib/format.ts';
import { usePageTitle } from '../lib/use-page-title.ts';
import { NOTIFICATION_PAGE } from '../components/notification-bell.tsx';

/** In-app notifications: booking confirmations, refunds, reminders; new ones arrive live (see NotificationBell). */
export function NotificationsPage() {
  const { t, locale } = useI18n();
  usePageTitle(t('notifications.title'));
  const [{ data, fetching, error }, refetch] = useQuery({
    query: MyNotificationsDocument,
    variables: NOTIFICATION_PAGE,
    requestPolicy: 'cache-and-network',
  });
  const [, markRead] = useMutation(MarkNotificationReadDocument);
  const [markingAll, markAllRead] = useMutation(MarkAllNotificationsReadDocument);
  const notifications = data?.myNotifications.edges.map((edge) => edge.node) ?? [];
  const unread = data?.myNotifications.unreadCount ?? 0;
  return (
    <section aria-labelledby="notifications-title">
      <div className="page-head">
        <h1 id="notifications-title">{t('notifications.title')}</h1>
        {unread > 0 && (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void markAllRead({}).then(() => refetch({ requestPolicy: 'network-only' }))}
            disabled={markingAll.fetching}
          >
            {t('notifications.markAllRead')}
          </button>
        )}
      </div>
      <ProblemBanner problem={error ? describeError(error, 'load') : null} />
      {!data && fetching ? (
        <Spinner label={t('notifications.loading')} />
      ) : notifications.length === 0 ? (
        <EmptyState title={t('notifications.empty')}>
          <p>{t('notifications.emptyDetail')}</p>
        </EmptyState>
      ) : (
        <ul className="notification-list">
          {notifications.map((notification) => (
            <li key={notification.id} className={`notification${notification.readAt ? '' : ' notification--unread'}`}>
              <div className="notification__text">
                <strong>{notification.subject ?? 'ShowStream'}</strong>
                <p>{notification.body}</p>
                <time className="muted" dateTime={notification.createdAt}>
                  {formatShortDateTime(notification.createdAt, undefined, locale)}
                </time>
              </div>
              {!notification.readAt && (
                <button
                  type="button"
                  className="button button--ghost button--small"
                  onClick={() => markRead({ id: notification.id })}
                >
                  {t('notifications.markRead')}
                  <span className="visually-hidden">: {notification.subject}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
