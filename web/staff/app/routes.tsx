/** The route table (German paths, as served by src/http/web.routes.ts STAFF_APP_PATHS). */
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import { useCan } from '../api/hooks.js';
import { PageHeader } from '../components/PageHeader.js';
import { AccountPage } from '../pages/AccountPage.js';
import { AuditPage } from '../pages/AuditPage.js';
import { LoginPage } from '../pages/LoginPage.js';
import { NotificationsPage } from '../pages/NotificationsPage.js';
import { PlaceholderPage } from '../pages/PlaceholderPage.js';
import { BroadcastPage } from '../pages/broadcasts/BroadcastPage.js'; // issue 10
import { BroadcastsPage } from '../pages/broadcasts/BroadcastsPage.js'; // issue 10
import { CategoriesPage } from '../pages/settings/CategoriesPage.js';
import { DepartmentsPage } from '../pages/settings/DepartmentsPage.js';
import { HolidaysPage } from '../pages/settings/HolidaysPage.js';
import { RateCardPage } from '../pages/settings/RateCardPage.js';
import { RetentionPage } from '../pages/settings/RetentionPage.js';
import { SettingsLayout } from '../pages/settings/SettingsLayout.js';
import { TemplatesPage } from '../pages/settings/TemplatesPage.js';
import { TokensPage } from '../pages/settings/TokensPage.js';
import { TopicsPage } from '../pages/settings/TopicsPage.js';
import { TownPage } from '../pages/settings/TownPage.js';
import { UsersPage } from '../pages/settings/UsersPage.js';
import { TouristAnswersPage } from '../pages/settings/TouristAnswersPage.js'; // issue 9
import { SubscribersPage } from '../pages/SubscribersPage.js'; // issue 9
import { Allowed, RequireSignIn } from './guards.js';
import { Layout } from './Layout.js';
import { MAIN_NAV, SETTINGS_NAV, visible } from './nav.js';

function Home() {
  const can = useCan();
  const first = visible(MAIN_NAV, can)[0];
  return <Navigate to={first?.path ?? '/konto'} replace />;
}

function SettingsHome() {
  const can = useCan();
  const first = visible(SETTINGS_NAV, can)[0];
  return <Navigate to={first?.path ?? '/'} replace />;
}

function NotFound() {
  const { t } = useTranslation();
  return <PageHeader title={t('not_found.title')} description={t('not_found.text')} />;
}

const SETTINGS = ['settings.read'];

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route path="/login" element={<LoginPage />} />
        <Route element={<RequireSignIn />}>
          <Route index element={<Home />} />
          <Route path="/anliegen/*" element={<Allowed anyOf={['cases.read']}><PlaceholderPage area="cases" /></Allowed>} />
          <Route path="/mitteilungen" element={<Allowed anyOf={['broadcasts.write', 'broadcasts.approve']}><BroadcastsPage /></Allowed>} />
          <Route path="/mitteilungen/neu" element={<Allowed anyOf={['broadcasts.write']}><BroadcastPage /></Allowed>} />
          <Route path="/mitteilungen/:id" element={<Allowed anyOf={['broadcasts.write', 'broadcasts.approve']}><BroadcastPage /></Allowed>} />
          <Route path="/abonnenten" element={<Allowed anyOf={['subscribers.counts']}><SubscribersPage /></Allowed>} />
          <Route path="/auswertung" element={<Allowed anyOf={['dashboard.read']}><PlaceholderPage area="dashboard" /></Allowed>} />
          <Route path="/einstellungen" element={<Allowed anyOf={['topics.read', 'templates.read', 'settings.read', 'tourism.read']}><SettingsLayout /></Allowed>}>
            <Route index element={<SettingsHome />} />
            <Route path="themen" element={<Allowed anyOf={['topics.read']}><TopicsPage /></Allowed>} />
            <Route path="vorlagen" element={<Allowed anyOf={['templates.read']}><TemplatesPage /></Allowed>} />
            <Route path="auskuenfte" element={<Allowed anyOf={['tourism.read']}><TouristAnswersPage /></Allowed>} />
            <Route path="kategorien" element={<Allowed anyOf={SETTINGS}><CategoriesPage /></Allowed>} />
            <Route path="fachbereiche" element={<Allowed anyOf={SETTINGS}><DepartmentsPage /></Allowed>} />
            <Route path="benutzer" element={<Allowed anyOf={SETTINGS}><UsersPage /></Allowed>} />
            <Route path="api-tokens" element={<Allowed anyOf={SETTINGS}><TokensPage /></Allowed>} />
            <Route path="feiertage" element={<Allowed anyOf={SETTINGS}><HolidaysPage /></Allowed>} />
            <Route path="aufbewahrung" element={<Allowed anyOf={SETTINGS}><RetentionPage /></Allowed>} />
            <Route path="preise" element={<Allowed anyOf={SETTINGS}><RateCardPage /></Allowed>} />
            <Route path="stadt" element={<Allowed anyOf={SETTINGS}><TownPage /></Allowed>} />
          </Route>
          <Route path="/protokoll" element={<Allowed anyOf={['audit.read']}><AuditPage /></Allowed>} />
          <Route path="/benachrichtigungen" element={<NotificationsPage />} />
          <Route path="/konto" element={<AccountPage />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Route>
    </Routes>
  );
}
