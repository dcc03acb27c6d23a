/** The signed-in person's account: name, language, e-mail notifications, absence; password change. */
import { Badge, Button, Group, NativeSelect, Paper, PasswordInput, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useItem, useWrite } from '../api/hooks.js';
import type { User } from '../api/types.js';
import { FormError } from '../components/FormError.js';
import { Loading } from '../components/Loading.js';
import { PageHeader } from '../components/PageHeader.js';
import { useApiErrors } from '../lib/errors.js';

export function AccountPage() {
  const { t } = useTranslation();
  const account = useItem<User>('/api/account');
  return (
    <>
      <PageHeader title={t('account.title')} />
      {!account.data ? (
        <Loading error={account.error} />
      ) : (
        <Stack gap="lg" maw={640}>
          <ProfileForm user={account.data} />
          <PasswordForm />
        </Stack>
      )}
    </>
  );
}

function ProfileForm({ user }: { user: User }) {
  const { t } = useTranslation();
  const errors = useApiErrors();
  const [form, setForm] = useState({ name: user.name, language: user.language, email_notifications: user.email_notifications, absent_from: user.absent_from ?? '', absent_until: user.absent_until ?? '' });
  useEffect(() => {
    setForm({ name: user.name, language: user.language, email_notifications: user.email_notifications, absent_from: user.absent_from ?? '', absent_until: user.absent_until ?? '' });
  }, [user]);
  const save = useWrite(
    () => ({
      method: 'PATCH',
      url: '/api/account',
      body: { ...form, absent_from: form.absent_from || null, absent_until: form.absent_until || null },
    }),
    ['/api/account', 'session'],
  );
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(undefined, { onSuccess: () => notifications.show({ message: t('common.saved') }) });
  };
  const fields = ['name', 'language', 'email_notifications', 'absent_from', 'absent_until'];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="profile-heading">
      <Title order={2} size="h3" id="profile-heading" mb="sm">
        {t('account.profile')}
      </Title>
      <Group gap="xs" mb="sm">
        <Text size="sm">{t('account.roles')}:</Text>
        {user.roles.map((r) => (
          <Badge key={r} color="gray.8" variant="outline">
            {t(`roles.${r}`)}
          </Badge>
        ))}
      </Group>
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="sm">
          <FormError message={errors.general(save.error, fields)} />
          <TextInput label={t('account.email')} value={user.email} readOnly />
          <TextInput label={t('account.name')} value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} error={errors.field(save.error, 'name')} withAsterisk />
          <NativeSelect
            label={t('account.language')}
            description={t('account.language_hint')}
            data={[
              { value: 'de', label: t('languages.de') },
              { value: 'en', label: t('languages.en') },
            ]}
            value={form.language}
            onChange={(e) => setForm({ ...form, language: e.currentTarget.value as 'de' | 'en' })}
          />
          <Switch label={t('account.email_notifications')} checked={form.email_notifications} onChange={(e) => setForm({ ...form, email_notifications: e.currentTarget.checked })} />
          <Group grow>
            <TextInput type="date" label={t('account.absent_from')} value={form.absent_from} onChange={(e) => setForm({ ...form, absent_from: e.currentTarget.value })} error={errors.field(save.error, 'absent_from')} />
            <TextInput type="date" label={t('account.absent_until')} value={form.absent_until} onChange={(e) => setForm({ ...form, absent_until: e.currentTarget.value })} error={errors.field(save.error, 'absent_until')} />
          </Group>
          <Text size="sm" c="gray.8">
            {t('account.absence_hint')}
          </Text>
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function PasswordForm() {
  const { t } = useTranslation();
  const errors = useApiErrors();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useWrite(() => ({ method: 'POST', url: '/api/account/password', body: { current_password: current, new_password: next } }), []);
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (next !== repeat) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    change.mutate(undefined, {
      onSuccess: () => {
        setCurrent('');
        setNext('');
        setRepeat('');
        notifications.show({ message: t('account.password_changed') });
      },
    });
  };
  const toggle = { 'aria-label': t('login.show_password') };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="password-heading">
      <Title order={2} size="h3" id="password-heading" mb="sm">
        {t('account.password_title')}
      </Title>
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="sm">
          <FormError message={errors.general(change.error, ['current_password', 'new_password'])} />
          <PasswordInput label={t('account.current_password')} autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.currentTarget.value)} error={errors.field(change.error, 'current_password')} visibilityToggleButtonProps={toggle} withAsterisk />
          <PasswordInput label={t('account.new_password')} description={t('account.password_rules')} autoComplete="new-password" value={next} onChange={(e) => setNext(e.currentTarget.value)} error={errors.field(change.error, 'new_password')} visibilityToggleButtonProps={toggle} withAsterisk />
          <PasswordInput label={t('account.repeat_password')} autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.currentTarget.value)} error={mismatch ? t('account.password_mismatch') : undefined} visibilityToggleButtonProps={toggle} withAsterisk />
          <Group>
            <Button type="submit" loading={change.isPending}>
              {t('account.change_password')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
