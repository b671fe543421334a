import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The outsourcing consents intake recorded for the firm's clients (`intake.consent.v1`): which kinds of
 * work may go to which vendors (any, when `vendorIds` is null), until revoked.
 */
@Entity({ name: 'outsourcing_consents' })
export class OutsourcingConsent {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ name: 'consent_id', type: 'uuid' })
  consentId!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @Column({ type: 'text', array: true })
  scopes!: string[];

  @Column({ name: 'vendor_ids', type: 'uuid', array: true, nullable: true })
  vendorIds!: string[] | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
