import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/base.css';
import './styles/app.css';
import './styles/canvas.css';
import './styles/panels.css';
import './styles/sim-and-tests.css';
import './styles/access.css';
import './styles/history-and-routes.css';
import './styles/lifecycle.css';
import './styles/prompts.css';
import { App } from './app/App.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
