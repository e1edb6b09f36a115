import { mount } from 'svelte';
import App from './App.svelte';
import { applyTheme, darkQuery } from './stores/theme.svelte';
import './app.css';

// Paint in the system's light or dark before the saved choice arrives.
applyTheme(window.matchMedia?.(darkQuery).matches ? 'dark' : 'light');

const target = document.getElementById('app');
if (!target) throw new Error('Cairn: #app is missing from index.html');

export default mount(App, { target });
