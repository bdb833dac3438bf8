import { render } from 'preact';
import { App } from './app';
import { setLanguage, storedLanguage } from './i18n';
import './styles.css';

setLanguage(storedLanguage());
render(<App />, document.getElementById('app') as HTMLElement);
