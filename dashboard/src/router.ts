import { useEffect, useState } from 'react';

/** Hash routes: the station's SPA fallback is not even needed, and a reload keeps the screen. */
export type ScreenId = 'numerisation' | 'president' | 'preparation' | 'depouillement' | 'resultats' | 'verification' | 'descellement';

export type Screen = { id: ScreenId; label: string; roles: readonly string[] | 'all' | 'public'; shortcut: string };

/** Who may open each screen; the station enforces the same rules on every request. */
export const SCREENS: readonly Screen[] = [
  { id: 'numerisation', label: 'Numérisation', roles: ['scanning_agent'], shortcut: '1' },
  { id: 'president', label: 'Président', roles: ['president', 'member'], shortcut: '2' },
  { id: 'preparation', label: 'Préparation', roles: ['admin', 'prefecture', 'agent', 'president'], shortcut: '3' },
  { id: 'depouillement', label: 'Dépouillement', roles: ['teller', 'president', 'member'], shortcut: '4' },
  { id: 'resultats', label: 'Résultats', roles: 'all', shortcut: '5' },
  { id: 'verification', label: 'Vérification', roles: 'public', shortcut: '6' },
  { id: 'descellement', label: 'Descellement', roles: ['key_holder', 'president', 'member', 'prefecture', 'oversight_cell'], shortcut: '7' },
];

export function screensFor(roles: readonly string[]): Screen[] {
  return SCREENS.filter((s) => s.roles === 'all' || s.roles === 'public' || s.roles.some((r) => roles.includes(r)));
}

/**
 * Where an account lands after signing in: the first screen made for one of its roles, so that a key
 * holder lands on « Descellement » rather than on the results every account may open; « Résultats » otherwise.
 */
export function defaultScreen(roles: readonly string[]): ScreenId {
  return screensFor(roles).find((s) => Array.isArray(s.roles))?.id ?? 'resultats';
}

export function currentHash(): string {
  return window.location.hash.replace(/^#\/?/, '').split('?')[0] ?? '';
}

export function navigate(id: string): void {
  window.location.hash = '#/' + id;
}

export function useHash(): string {
  const [hash, setHash] = useState(currentHash());
  useEffect(() => {
    const onChange = () => setHash(currentHash());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return hash;
}
