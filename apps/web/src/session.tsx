import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Me } from './api';
import { openLiveEvents, type LiveEvent, type LiveStatus } from './live';

export interface Session {
  me: Me;
  token: string;
  /** May work incidents and alerts (acknowledge, assign, note, resolve). */
  canRespond: boolean;
  signOut: () => void;
}

const SessionContext = createContext<Session | null>(null);
export const useSession = () => useContext(SessionContext)!;
export const SessionProvider = SessionContext.Provider;

interface Live {
  status: LiveStatus;
  /** Bumped on every event: pages reload what they show. */
  version: number;
  recent: LiveEvent[];
}

const LiveContext = createContext<Live>({ status: 'connecting', version: 0, recent: [] });
export const useLive = () => useContext(LiveContext);

export function LiveProvider({ token, children, onUnauthorized }: { token: string; children: ReactNode; onUnauthorized: () => void }) {
  const [live, setLive] = useState<Live>({ status: 'connecting', version: 0, recent: [] });
  const unauthorized = useRef(onUnauthorized);
  unauthorized.current = onUnauthorized;
  useEffect(
    () =>
      openLiveEvents(
        token,
        (event) => setLive((l) => ({ ...l, version: l.version + 1, recent: [event, ...l.recent].slice(0, 20) })),
        (status) => {
          setLive((l) => ({ ...l, status, version: status === 'live' ? l.version + 1 : l.version }));
          if (status === 'unauthorized') unauthorized.current();
        },
      ),
    [token],
  );
  return <LiveContext.Provider value={live}>{children}</LiveContext.Provider>;
}
