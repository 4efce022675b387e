import { createRoot } from 'react-dom/client';
import { currentLanguage, fontsReady } from './i18n/index.ts';
import { App } from './app.tsx';
import '@fontsource/noto-sans-devanagari/400.css';
import '@fontsource/noto-sans-devanagari/600.css';
import '@fontsource/noto-sans-devanagari/700.css';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// In Hindi, the first paint waits for the Devanagari faces (cached after the first visit).
void fontsReady(currentLanguage()).then(() => createRoot(root).render(<App />));
