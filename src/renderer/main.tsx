import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi } from '../shared/api';
import { createTransport } from './api/client';
import { App } from './App';
import { createI18n } from './i18n';
import './styles/fonts.css';
import './styles/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <App api={createApi(createTransport())} i18n={createI18n('zh')} />
  </StrictMode>,
);
