import { SignInThrottleRow } from '@lawfirm/database';
import { InboxRecord, OutboxMessage } from '@lawfirm/messaging';
import { ApiClient } from './identity/api-client.entity';
import { Firm } from './identity/firm.entity';
import { User } from './identity/user.entity';
import { Invitation } from './invitations/invitation.entity';
import { PasswordReset } from './password-reset/password-reset.entity';
import { FirmSecuritySettings } from './totp/firm-security.entity';
import { UserTotp } from './totp/user-totp.entity';
import { Initial1764000000000 } from './migrations/1764000000000-initial';
import { Idempotency1764400000000 } from './migrations/1764400000000-idempotency';
import { IdempotencyInDoubt1765950000000 } from './migrations/1765950000000-idempotency-in-doubt';
import { OutboxParking1765500000000 } from './migrations/1765500000000-outbox-parking';
import { SignInThrottles1766600000001 } from './migrations/1766600000001-sign-in-throttles';
import { AccessEpochs1766600000003 } from './migrations/1766600000003-access-epochs';
import { Invitations1766600000101 } from './migrations/1766600000101-invitations';
import { PasswordResets1767200000000 } from './migrations/1767200000000-password-resets';
import { Totp1767200000001 } from './migrations/1767200000001-totp';
import { FirmOnboarding1767100000000 } from './migrations/1767100000000-firm-onboarding';
import { IdempotencyRecord } from './proxy/idempotency-record.entity';
import { Webhooks1766800000001 } from './migrations/1766800000001-webhooks';
import { WebhookAttempt } from './webhooks/webhook-attempt.entity';
import { WebhookDelivery } from './webhooks/webhook-delivery.entity';
import { WebhookEvent } from './webhooks/webhook-event.entity';
import { WebhookSubscription } from './webhooks/webhook-subscription.entity';
import { Vendors1767300000000 } from './migrations/1767300000000-vendors';
import { VendorConnection } from './vendors/vendor-connection.entity';
import { VendorKey } from './vendors/vendor-key.entity';
import { VendorOrg } from './vendors/vendor-org.entity';

export const ENTITIES = [
  Firm,
  User,
  ApiClient,
  IdempotencyRecord,
  OutboxMessage,
  InboxRecord,
  SignInThrottleRow,
  WebhookSubscription,
  WebhookEvent,
  WebhookDelivery,
  WebhookAttempt,
  Invitation,
  PasswordReset,
  UserTotp,
  FirmSecuritySettings,
  VendorOrg,
  VendorKey,
  VendorConnection,
];
export const MIGRATIONS = [
  Initial1764000000000,
  Idempotency1764400000000,
  OutboxParking1765500000000,
  IdempotencyInDoubt1765950000000,
  SignInThrottles1766600000001,
  AccessEpochs1766600000003,
  Webhooks1766800000001,
  Invitations1766600000101,
  Vendors1767300000000,
  FirmOnboarding1767100000000,
  PasswordResets1767200000000,
  Totp1767200000001,
];
