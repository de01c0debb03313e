import { NavLink, Outlet } from 'react-router-dom';
import { tokenStore } from '../auth/token-store';
import { DemoBanner } from './demo-banner';

const NAV = [
  { to: '/monitors', label: 'Monitors' },
  { to: '/incidents', label: 'Incidents' },
  { to: '/deliveries', label: 'Deliveries' },
  { to: '/integrations', label: 'Integrations' },
  { to: '/sandbox', label: 'PagerDuty sandbox' },
];

/** The frame of every signed-in page: skip link, navigation, the demo banner (demo mode only), the page. */
export function Layout() {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <NavLink to="/monitors" className="brand">
          <span aria-hidden="true">◉</span> pagewatch
        </NavLink>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to}>{item.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" className="button-quiet" onClick={() => tokenStore.clear('signed-out')}>
          Sign out
        </button>
      </header>
      <DemoBanner />
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
