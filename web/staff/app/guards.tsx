/** Route guards: sign-in first; then the capability, else a clear "not allowed" page. */
import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useCan, useSession } from '../api/hooks.js';
import { Loading } from '../components/Loading.js';
import { PageHeader } from '../components/PageHeader.js';

export function RequireSignIn() {
  const { data, isLoading, error } = useSession();
  const location = useLocation();
  if (isLoading || error) return <Loading error={error} />;
  if (data?.auth !== 'session') return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <Outlet />;
}

export function Forbidden() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('forbidden.title')} />
      <Alert color="gray" variant="light" role="status" styles={{ message: { color: '#1a1b1e' } }}>
        {t('forbidden.text')}
      </Alert>
    </>
  );
}

export function Allowed({ anyOf, children }: { anyOf: string[]; children: ReactNode }) {
  const can = useCan();
  return anyOf.some(can) ? <>{children}</> : <Forbidden />;
}
