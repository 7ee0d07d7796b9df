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
 * (at most one reload in flight; bursts collapse into one).
 */
export function useQuery<T>(query: string, variables: Record<string, unknown> = {}, live = true): QueryState<T> {
  const { version } = useLive();
  const [state, setState] = useState<Omit<QueryState<T>, 'reload'>>({ data: null, errors: [], error: null, loading: true });
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(variables);
  const running = useRef(false);
  const pending = useRef(false);
  const trigger = live ? version : 0;

  useEffect(() => {
    let cancelled = false;
    const run = async () => {
      if (running.current) return void (pending.current = true);
      running.current = true;
      try {
        do {
          pending.current = false;
          try {
            const result = await graphql<T>(query, JSON.parse(key));
            if (!cancelled) setState({ data: result.data, errors: result.errors, error: null, loading: false });
          } catch (error) {
            if (!cancelled) setState((s) => ({ ...s, error: (error as Error).message, loading: false }));
          }
        } while (pending.current && !cancelled);
      } finally {
        running.current = false;
      }
    };
    void run();
    return () => {
      cancelled = true;
    };
  }, [query, key, trigger, tick]);

  return { ...state, reload: () => setTick((t) => t + 1) };
}
