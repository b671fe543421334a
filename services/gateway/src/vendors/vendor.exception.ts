import { DomainError } from '@lawfirm/errors';

/** A vendor key that is malformed, fails its checksum, is unknown or revoked: one answer for all. */
export class InvalidVendorKeyError extends DomainError {
  constructor() {
    super('unauthorized', 'invalid_client', 'The vendor key is not valid.', [], { error: 'invalid_client' });
  }
}

/** The vendor is already connected to the firm. */
export class VendorAlreadyConnectedError extends DomainError {
  constructor(vendorId: string) {
    super('conflict', 'vendor_already_connected', `Vendor ${vendorId} is already connected to your firm.`);
  }
}

/** A vendor token's key was revoked (its organisation's epoch moved past it). */
export class VendorTokenRevokedError extends DomainError {
  constructor() {
    super('unauthorized', 'unauthenticated', 'The bearer token has been revoked.');
  }
}

/** The vendor's token lacks the scope a route needs. */
export class VendorScopeMissingError extends DomainError {
  constructor(scope: string) {
    super('forbidden', 'insufficient_scope', `This action needs the vendor scope ${scope}.`, [], { scope });
  }
}
