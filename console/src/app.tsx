/**
 * The console's frame: a skip link, the header with the navigation the account's role allows, the
 * page of the current route (loaded lazily), the footer, and the hosts of toasts and the confirm
 * dialog. Access rules are applied here, once for every page.
 */
import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';

import { language, type MessageKey, setLanguage, t } from './i18n/index.ts';
import iconFile from './icon.svg';
import { installed } from './install.ts';
import { type Language, LANGUAGES, rememberLanguage } from './prefs.ts';
import { href, location, match, mayLeave, navigate } from './router.ts';
import { type PageProps, type Role, type Route, ROUTES } from './routes.ts';
import { signOut, user } from './session.ts';
import { site } from './site.ts';
import { ConfirmHost } from './ui/dialog.tsx';
import { Page } from './ui/page.tsx';
import { notify, ToastHost } from './ui/toasts.tsx';

const NAV: { path: string; label: MessageKey; roles?: readonly Role[] }[] = [
  { path: '/', label: 'nav.dashboard' },
  { path: '/content', label: 'nav.content', roles: ['admin', 'editor'] },
  { path: '/users', label: 'nav.users', roles: ['admin'] },
  { path: '/settings', label: 'nav.settings', roles: ['admin'] },
  { path: '/audit', label: 'nav.audit', roles: ['admin'] },
  { path: '/messages', label: 'nav.messages', roles: ['admin'] },
  { path: '/account', label: 'nav.account' },
];

/** esbuild names the icon relative to the scripts' folder, not to the page. */
const iconUrl = new URL(iconFile, import.meta.url).href;

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fr: 'Français', es: 'Español' };

function find(path: string): { route: Route; params: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    const params = match(route.path, path);
    if (params) return { route, params };
  }
  return undefined;
}

/** Where the current location must go instead, if anywhere (sign-in first, 2FA set-up first...). */
function redirect(route: Route | undefined): string | undefined {
  const me = user.value;
  const { path, query } = location.value;
  // Until an administrator exists there is nothing to sign in to: the install page stands for every page.
  if (installed.value === false) return path === '/install' ? undefined : '/install';
  if (path === '/install') return '/sign-in';
  if (!route) return undefined;
  // Only a path of the console's own: `next` comes from the URL, which anyone can write.
  if (route.access === 'guest' && me) return /^\/(?!\/)/.test(query.get('next') ?? '') ? (query.get('next') as string) : '/';
  if (route.access !== 'guest' && route.access !== 'public' && !me) {
    const next = `${path}${query.size ? `?${query}` : ''}`;
    return `/sign-in${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`;
  }
  // While the site requires 2FA, an account without it can only set it up.
  if (me && site.value?.twoFactorRequired && !me.twoFactorEnabled && route.access !== 'public' && path !== '/account') return '/account';
  return undefined;
}

const loaded = new Map<Route, FunctionComponent<PageProps>>();

function RoutePage({ route, params }: { route: Route; params: Record<string, string> }) {
  const [, rerender] = useState(0);
  const [failed, setFailed] = useState(false);
  const Page = loaded.get(route);
  useEffect(() => {
    if (loaded.has(route)) return;
    setFailed(false);
    route.load().then(
      (component) => {
        loaded.set(route, component);
        rerender((n) => n + 1);
      },
      () => setFailed(true),
    );
  }, [route]);
  if (failed)
    return (
      <div class="alert alert-error" role="alert">
        <p>{t('app.loadFailed')}</p>
        <button type="button" onClick={() => window.location.reload()}>
          {t('app.reload')}
        </button>
      </div>
    );
  if (!Page) return <p class="loading">{t('app.loading')}</p>;
  return <Page params={params} query={location.value.query} />;
}

/** A page the console shows in place of a route: not for this role, or no such page. */
function Notice({ title, text }: { title: MessageKey; text: MessageKey }) {
  return (
    <Page title={t(title)}>
      <p>{t(text)}</p>
      <a href={href('/')}>{t('nav.dashboard')}</a>
    </Page>
  );
}

function Header() {
  const me = user.value;
  const path = location.value.path;
  const current = (p: string) => (p === '/' ? path === '/' : path === p || path.startsWith(`${p}/`));
  return (
    <header class="topbar">
      <a class="brand" href={href('/')}>
        <img src={iconUrl} alt="" width={28} height={28} />
        <span>{site.value?.siteName || t('app.name')}</span>
      </a>
      {me && (
        <nav aria-label={t('nav.label')}>
          <ul>
            {NAV.filter((n) => !n.roles || n.roles.includes(me.role)).map((n) => (
              <li key={n.path}>
                <a href={href(n.path)} aria-current={current(n.path) ? 'page' : undefined}>
                  {t(n.label)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {me && (
        <div class="who">
          <span>{t('nav.signedInAs', { name: me.username })}</span>
          <button
            type="button"
            onClick={async () => {
              if (!(await mayLeave())) return;
              await signOut();
              notify.success(t('nav.signedOut'));
            }}
          >
            {t('nav.signOut')}
          </button>
        </div>
      )}
    </header>
  );
}

function Footer() {
  const me = user.value;
  return (
    <footer class="footer">
      {site.value?.footerText && <p>{site.value.footerText}</p>}
      {!me && (
        <label class="language">
          {t('app.language')}{' '}
          <select
            value={language.value}
            onChange={(e) => {
              const value = e.currentTarget.value as Language;
              rememberLanguage(value);
              void setLanguage(value);
            }}
          >
            {LANGUAGES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
      )}
      <a href="../api/v1/docs" target="_blank" rel="noopener">
        {t('app.apiReference')}
      </a>
    </footer>
  );
}

export function App() {
  const found = find(location.value.path);
  const target = redirect(found?.route);
  useEffect(() => {
    if (target) void navigate(target, { replace: true });
  }, [target]);

  const me = user.value;
  const access = found?.route.access;
  const allowed = !access || typeof access === 'string' || (me !== undefined && access.includes(me.role));
  return (
    <>
      <a class="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <Header />
      <main id="main" tabIndex={-1}>
        {!found ? (
          <Notice title="app.notFound" text="app.notFoundText" />
        ) : target ? null : !allowed ? (
          <Notice title="app.forbidden" text="app.forbiddenText" />
        ) : (
          <RoutePage key={found.route.path} {...found} />
        )}
      </main>
      <Footer />
      <ToastHost />
      <ConfirmHost />
    </>
  );
}
