/**
 * The console's entry: theme and language first (no flash of the wrong ones) and the session the
 * cookie still holds (so a reload stays signed in on the page it was on), then the app.
 */
import './styles.css';

import { render } from 'preact';

import { App } from './app.tsx';
import { setLanguage } from './i18n/index.ts';
import { installed, loadInstalled } from './install.ts';
import { initialLanguage } from './prefs.ts';
import { begin, cookieSession } from './session.ts';
import { loadSite } from './site.ts';

// The site's settings exist once it is installed: before that, the install page alone is shown.
const [, , session] = await Promise.all([
  setLanguage(initialLanguage()),
  loadInstalled().then(() => (installed.value === false ? undefined : loadSite())),
  cookieSession(),
]);
if (session) await begin(session);
render(<App />, document.getElementById('app') as HTMLElement);
