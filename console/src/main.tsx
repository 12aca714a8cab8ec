/** The console's entry: theme and language first (no flash of the wrong ones), then the app. */
import './styles.css';
import { render } from 'preact';
import { App } from './app.tsx';
import { setLanguage } from './i18n/index.ts';
import { initialLanguage } from './prefs.ts';
import { loadSite } from './site.ts';

await Promise.all([setLanguage(initialLanguage()), loadSite()]);
render(<App />, document.getElementById('app') as HTMLElement);
