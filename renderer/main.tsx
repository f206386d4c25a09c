// The renderer's entry: the wizard, talking to main through the bridge the page was given.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { createApi, windowBridge } from './api.js';
import { App } from './App.js';
import { createI18n, startingLanguage } from './i18n/i18n.js';
import './styles.css';

// A file dropped outside the drop area must not make the window open it.
for (const type of ['dragover', 'drop']) window.addEventListener(type, (event) => event.preventDefault());

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
const i18n = createI18n(startingLanguage(navigator.languages));
createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <App api={createApi(windowBridge())} />
    </I18nextProvider>
  </StrictMode>,
);
