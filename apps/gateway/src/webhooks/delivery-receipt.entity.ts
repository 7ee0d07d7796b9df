import { Column, Entity } from 'typeorm';

/**
 * The last accepted receipt of a body sent without a delivery id
 * (Alertmanager's): a resend of the same bytes within the retry window is a
 * duplicate, whatever minute it falls in. One row per (source, body hash),
 * moved forward only when a receipt outside the window is accepted; pruned
 * once its window is over.
 */
@Entity({ schema: 'ingest', name: 'delivery_receipts' })
export class DeliveryReceiptEntity {
  @Column({ type: 'text', primary: true })
  source: string;

  /** SHA-256 of the body, hex. */
  @Column({ type: 'text', primary: true })
  bodyHash: string;

  @Column({ type: 'timestamptz' })
  receivedAt: Date;
}
