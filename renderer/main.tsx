// The renderer's entry: the wizard, talking to main through the bridge the page was given.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi, windowBridge } from './api.js';
import { App } from './App.js';
import './styles.css';

// A file dropped outside the drop area must not make the window open it.
for (const type of ['dragover', 'drop']) window.addEventListener(type, (event) => event.preventDefault());

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
createRoot(root).render(
  <StrictMode>
    <App api={createApi(windowBridge())} />
  </StrictMode>,
);
