/** The staff app: providers (Mantine, TanStack Query, i18next) and the router. */
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app.css';
import './i18n/index.js';
import { createTheme, MantineProvider, type CSSVariablesResolver } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { ApiError } from './api/client.js';
import { SESSION_KEY } from './api/hooks.js';
import { AppRoutes } from './app/routes.js';

// Primary shade 8 keeps white text on filled buttons above 4.5:1 (WCAG 2.1 AA).
const theme = createTheme({ primaryColor: 'blue', primaryShade: 8, defaultRadius: 'sm' });

// "Dimmed" texts (captions, descriptions) darker than Mantine's default, for 4.5:1 contrast.
const resolver: CSSVariablesResolver = () => ({ variables: {}, light: { '--mantine-color-dimmed': '#495057' }, dark: {} });

const queryClient: QueryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2, refetchOnWindowFocus: false },
  },
  queryCache: new QueryCache({
    onError: (error) => {
      // A session that ended (idle, signed out elsewhere): ask again who we are → the login page.
      if (error instanceof ApiError && error.status === 401) void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
    },
  }),
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={resolver}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
