/** Start-up only: languages, the service worker, then the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import './app/styles.css';
import { initI18n } from './lib/i18n';
import { registerServiceWorker } from './lib/service-worker';

await initI18n();
registerServiceWorker();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
