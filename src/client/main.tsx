import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
// antd's styles first, so that app.css (same specificity, later) wins.
import 'virtual:antd-styles.css';
import './app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
