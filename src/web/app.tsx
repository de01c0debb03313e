import { Navigate, Route, Routes } from 'react-router-dom';
import { RequireToken } from './auth/require-token';
import { Layout } from './components/layout';
import { DeliveriesPage } from './pages/deliveries-page';
import { IncidentsPage } from './pages/incidents-page';
import { IntegrationFormPage } from './pages/integration-form-page';
import { IntegrationsPage } from './pages/integrations-page';
import { LoginPage } from './pages/login-page';
import { MonitorDetailPage } from './pages/monitor-detail-page';
import { MonitorFormPage } from './pages/monitor-form-page';
import { MonitorsPage } from './pages/monitors-page';
import { NotFoundPage } from './pages/not-found-page';
import { SandboxConsolePage } from './pages/sandbox-console-page';

/** The dashboard's pages. Every page but the login page needs a token. */
export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireToken>
            <Layout />
          </RequireToken>
        }
      >
        <Route index element={<Navigate to="/monitors" replace />} />
        <Route path="monitors" element={<MonitorsPage />} />
        <Route path="monitors/new" element={<MonitorFormPage />} />
        <Route path="monitors/:id" element={<MonitorDetailPage />} />
        <Route path="monitors/:id/edit" element={<MonitorFormPage />} />
        <Route path="incidents" element={<IncidentsPage />} />
        <Route path="deliveries" element={<DeliveriesPage />} />
        <Route path="integrations" element={<IntegrationsPage />} />
        <Route path="integrations/new/:type" element={<IntegrationFormPage />} />
        <Route path="integrations/:id/edit" element={<IntegrationFormPage />} />
        <Route path="sandbox" element={<SandboxConsolePage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
