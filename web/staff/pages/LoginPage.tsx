/** Sign-in with e-mail and password; errors are announced and name the field where there is one. */
import { Button, Paper, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { apiData, setCsrfToken } from '../api/client.js';
import { SESSION_KEY, useSession } from '../api/hooks.js';
import type { Session } from '../api/types.js';
import { FormError } from '../components/FormError.js';
import { PageHeader } from '../components/PageHeader.js';
import { useApiErrors } from '../lib/errors.js';

export function LoginPage() {
  const { t } = useTranslation();
  const errors = useApiErrors();
  const { data: session } = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const next = params.get('next');
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/';

  const login = useMutation({
    mutationFn: () => apiData<Session>('POST', '/api/session', { email, password }),
    onSuccess: (result) => {
      setCsrfToken(result.csrf_token);
      client.setQueryData(SESSION_KEY, result);
      navigate(target, { replace: true });
    },
  });

  if (session?.auth === 'session' && !login.isPending) return <Navigate to={target} replace />;

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate();
  };

  return (
    <Paper maw={440} mx="auto" mt="xl" p="lg" withBorder>
      <PageHeader title={t('login.title')} description={t('login.intro')} />
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="sm">
          <FormError message={errors.general(login.error, ['email', 'password'])} />
          <TextInput
            label={t('login.email')}
            type="email"
            autoComplete="username"
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            error={errors.field(login.error, 'email')}
            withAsterisk
          />
          <PasswordInput
            label={t('login.password')}
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={errors.field(login.error, 'password')}
            withAsterisk
            visibilityToggleButtonProps={{ 'aria-label': t('login.show_password') }}
          />
          <Button type="submit" loading={login.isPending}>
            {t('login.submit')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
