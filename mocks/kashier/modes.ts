/** Kashier keeps test and live apart: keys, hosts and objects. */
export type Mode = 'test' | 'live';

/** The live hosts are served under `/live` (`/live`, `/live/fep`, `/live/checkout`); the rest is test mode. */
export function modeOfPath(path: string): Mode {
  return path === '/live' || path.startsWith('/live/') ? 'live' : 'test';
}

export const otherMode = (mode: Mode): Mode => (mode === 'test' ? 'live' : 'test');
