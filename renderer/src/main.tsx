import './api/adopt-token';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { pickApiClient } from './api/pick-client';
import { setApi } from './stores/api-ref';
import { useConnection } from './stores/connection-store';
import './styles.css';

setApi(pickApiClient((state) => useConnection.setState({ state })));

// A file dropped outside a drop zone must never navigate the window away from the app.
addEventListener('dragover', (event) => event.preventDefault());
addEventListener('drop', (event) => event.preventDefault());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
