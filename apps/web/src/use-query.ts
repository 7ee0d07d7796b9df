import { useEffect, useRef, useState } from 'react';
import { graphql } from './api';
import { useLive } from './session';

export interface QueryState<T> {
  data: T | null;
  errors: string[];
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Runs a query and runs it again whenever the live stream brings an event
 * (at most one request in flight; a burst of events collapses into one more).
 * An answer is shown only if nothing asked for a newer one meanwhile; a newer
 * ask made while a request was in flight is run as soon as it ends (it is
 * never dropped, else the page would stay on an old answer, or on "Loading…").
 */
export function useQuery<T>(query: string, variables: Record<string, unknown> = {}, live = true): QueryState<T> {
  const { version } = useLive();
  const [state, setState] = useState<Omit<QueryState<T>, 'reload'>>({ data: null, errors: [], error: null, loading: true });
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(variables);
  const trigger = live ? version : 0;
  const params = useRef({ query, key });
  params.current = { query, key };
  const asked = useRef(0);
  const running = useRef(false);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    asked.current += 1;
    if (running.current) return;
    running.current = true;
    void (async () => {
      try {
        let answered = 0;
        while (mounted.current && answered !== asked.current) {
          const ask = asked.current;
          const { query: current, key: currentKey } = params.current;
          try {
            const result = await graphql<T>(current, JSON.parse(currentKey));
            if (mounted.current && ask === asked.current) setState({ data: result.data, errors: result.errors, error: null, loading: false });
          } catch (error) {
            if (mounted.current && ask === asked.current) setState((s) => ({ ...s, error: (error as Error).message, loading: false }));
          }
          answered = ask;
        }
      } finally {
        running.current = false;
      }
    })();
  }, [query, key, trigger, tick]);

  return { ...state, reload: () => setTick((t) => t + 1) };
}
