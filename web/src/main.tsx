import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App } from './App';
import { boot } from './state/boot';
import { PwaRoot, startPwa } from './pwa';
import { languageReady } from './i18n';
import './styles.css';
// the app shell (layout, navigation, right-to-left fixes) after the base styles
import './shell.css';

void boot();
startPwa();

// boot() has chosen a first language; its dictionary loads alongside boot's requests
void languageReady().then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <BrowserRouter>
        <App />
        <PwaRoot />
      </BrowserRouter>
    </StrictMode>,
  ),
);
