import { useEffect } from 'react';
import { useClient, useQuery, useSubscription } from 'urql';
import { MyNotificationsDocument, NotificationReceivedDocument } from '@showstream/client-ops';
import { useI18n } from '../i18n/index.ts';
import { Link } from '../lib/router.tsx';
import { showToast } from '../lib/toasts.tsx';

/** The list the notifications page shows; refreshed here when one arrives, so an open page updates too. */
export const NOTIFICATION_PAGE = { first: 50 } as const;

/** The header's bell: the unread count, and a toast for every notification pushed live (`notificationReceived`). */
export function NotificationBell() {
  const client = useClient();
  const { t } = useI18n();
  const [{ data }, refetch] = useQuery({
    query: MyNotificationsDocument,
    variables: { unreadOnly: true, first: 1 },
    requestPolicy: 'cache-and-network',
  });
  const [live] = useSubscription({ query: NotificationReceivedDocument });
  const unread = data?.myNotifications.unreadCount ?? 0;

  useEffect(() => {
    const notification = live.data?.notificationReceived;
    if (!notification) return;
    showToast({ title: notification.subject ?? 'ShowStream', body: notification.body, href: '/notifications' });
    refetch({ requestPolicy: 'network-only' });
    void client.query(MyNotificationsDocument, NOTIFICATION_PAGE, { requestPolicy: 'network-only' }).toPromise();
  }, [live.data]);

  return (
    <Link
      to="/notifications"
      className="bell"
      aria-label={unread > 0 ? t('notifications.unread', { unread }) : t('notifications.title')}
    >
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path
          d="M6 16V11a6 6 0 1 1 12 0v5l2 2H4l2-2Zm4 4a2 2 0 0 0 4 0"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.8"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      {unread > 0 && (
        <span className="bell__count" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </Link>
  );
}
