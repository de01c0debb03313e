import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, describeError } from '../api/api-error';
import { sessionApi } from '../api/session-api';
import { tokenStore } from '../auth/token-store';
import { FormField } from '../components/form-field';
import { useDocumentTitle } from '../hooks/use-document-title';
import { useToken } from '../hooks/use-token';

/** Where to go after logging in: back to the page that sent the user here, else the monitors. */
function useAfterLoginPath(): string {
  const location = useLocation();
  const from = (location.state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('/login') ? from : '/monitors';
}

/**
 * Logging in. With `?code=` (a one-time login link printed by `pagewatch demo`) the code is exchanged for a token
 * at once; otherwise the user pastes an API token, which is checked against the API before it is stored.
 */
export function LoginPage() {
  useDocumentTitle('Sign in');
  const [searchParams] = useSearchParams();
  const code = searchParams.get('code');
  const navigate = useNavigate();
  const afterLogin = useAfterLoginPath();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [linkError, setLinkError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [exchanging, setExchanging] = useState(Boolean(code));
  const exchanged = useRef<string | null>(null);
  const reason = tokenStore.lastLogoutReason();
  const signedIn = useToken() !== null;

  useEffect(() => {
    // A code works once: StrictMode's second effect run must not spend it again.
    if (!code || exchanged.current === code) return;
    exchanged.current = code;
    setExchanging(true);
    sessionApi
      .exchangeLoginCode(code)
      .then(({ token: newToken }) => {
        tokenStore.set(newToken);
        navigate('/monitors', { replace: true });
      })
      .catch((failure: unknown) => {
        setLinkError(
          failure instanceof ApiError
            ? `This login link did not work: ${failure.message} Paste a token instead, or get a new link.`
            : `Could not log in with this link: ${describeError(failure)}`,
        );
        setExchanging(false);
        navigate('/login', { replace: true }); // drop the spent code from the address bar
      });
  }, [code, navigate]);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const candidate = token.trim();
    if (!candidate) {
      setError('Paste an API token.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await sessionApi.checkToken(candidate);
      tokenStore.set(candidate);
      navigate(afterLogin, { replace: true });
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 401
          ? 'This token was not accepted: it is unknown or revoked.'
          : describeError(failure),
      );
    } finally {
      setBusy(false);
    }
  };

  // Already signed in (and no login link to use): nothing to do here.
  if (signedIn && !code && !exchanging) return <Navigate to={afterLogin} replace />;

  return (
    <main id="main" className="login">
      <h1>
        <span aria-hidden="true">◉</span> pagewatch
      </h1>
      {exchanging ? (
        <p role="status">Signing you in with your login link…</p>
      ) : (
        <form onSubmit={submit} noValidate>
          {linkError ? (
            <p className="notice notice-error" role="alert">
              {linkError}
            </p>
          ) : null}
          {reason === 'expired' ? (
            <p className="notice notice-info">Your token is no longer accepted; sign in again.</p>
          ) : null}
          <FormField
            id="login-token"
            label="API token"
            hint={
              <>
                A token starting with <code>pw_</code>: printed by <code>pagewatch serve</code> on its first
                start, or created with <code>POST /api/v1/tokens</code>. <code>npm start</code> prints a
                one-time login link instead.
              </>
            }
            errors={error ? [error] : undefined}
          >
            {(control) => (
              <input
                {...control}
                type="password"
                autoComplete="off"
                spellCheck={false}
                value={token}
                onChange={(event) => setToken(event.target.value)}
              />
            )}
          </FormField>
          <button type="submit" className="button-primary" disabled={busy}>
            {busy ? 'Checking…' : 'Sign in'}
          </button>
        </form>
      )}
    </main>
  );
}
