import { Counter, register } from 'prom-client';

/** Outbox relay rounds that failed (Postgres or Redis refused), counted by the relay. */
export const RELAY_FAILURES_METRIC = 'companyos_outbox_relay_failures_total';

/** The counter the outbox relay increments on every failed round (one per process, shared by its relays). */
export function relayFailures(): Counter<string> {
  return (
    (register.getSingleMetric(RELAY_FAILURES_METRIC) as Counter<string> | undefined) ??
    new Counter({ name: RELAY_FAILURES_METRIC, help: 'Outbox relay rounds that failed (Postgres or Redis refused)' })
  );
}
