import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { setUpI18n } from './i18n/setup';
// antd's styles first, so that app.css (same specificity, later) wins.
import 'virtual:antd-styles.css';
import './app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// The first screen waits for its language's catalog (one small chunk), so it never shows keys.
void setUpI18n().then(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
