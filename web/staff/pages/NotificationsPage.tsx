/** The signed-in person's notifications: newest first, mark one or all as read. */
import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/client.js';
import { useWrite } from '../api/hooks.js';
import type { Notification } from '../api/types.js';
import { Loading } from '../components/Loading.js';
import { PageHeader } from '../components/PageHeader.js';
import { formatDateTime } from '../lib/format.js';

export function NotificationsPage() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['/api/notifications'], queryFn: () => api<{ data: Notification[]; unread_count: number }>('GET', '/api/notifications') });
  const refresh = ['/api/notifications', '/api/notifications/unread-count'];
  const markRead = useWrite((id: number) => ({ method: 'POST', url: `/api/notifications/${id}/read` }), refresh);
  const markAll = useWrite(() => ({ method: 'POST', url: '/api/notifications/read-all' }), refresh);

  return (
    <>
      <PageHeader
        title={t('notifications.title')}
        actions={
          (list.data?.unread_count ?? 0) > 0 && (
            <Button variant="default" onClick={() => markAll.mutate(undefined)} loading={markAll.isPending}>
              {t('notifications.mark_all')}
            </Button>
          )
        }
      />
      {!list.data ? (
        <Loading error={list.error} />
      ) : list.data.data.length === 0 ? (
        <Text>{t('notifications.empty')}</Text>
      ) : (
        <Stack gap="sm">
          {list.data.data.map((n) => (
            <Paper key={n.id} withBorder p="md">
              <Group justify="space-between" align="flex-start">
                <div>
                  <Group gap="xs">
                    <Title order={2} size="h4">
                      {n.title}
                    </Title>
                    {!n.read_at && <Badge color="blue.9">{t('notifications.unread')}</Badge>}
                  </Group>
                  <Text size="sm" c="gray.8">
                    {formatDateTime(n.created_at)}
                  </Text>
                  <Text mt="xs">{n.body}</Text>
                  {n.link && (
                    <Anchor component={Link} to={n.link}>
                      {t('notifications.open')}
                    </Anchor>
                  )}
                </div>
                {!n.read_at && (
                  <Button variant="default" size="xs" onClick={() => markRead.mutate(n.id)} aria-label={t('notifications.mark_read_named', { title: n.title })}>
                    {t('notifications.mark_read')}
                  </Button>
                )}
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
    </>
  );
}
