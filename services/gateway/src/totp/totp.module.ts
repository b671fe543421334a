import { Global, Module } from '@nestjs/common';
import { SECOND_FACTOR } from '../identity/identity.service';
import { FirmSecurityController, TotpController } from './totp.controller';
import { TotpService } from './totp.service';

/**
 * TOTP second factor and firms' sign-in rules. Global because it provides `SECOND_FACTOR`, which the
 * token endpoint (IdentityModule) asks for without depending on this feature.
 */
@Global()
@Module({
  controllers: [TotpController, FirmSecurityController],
  providers: [TotpService, { provide: SECOND_FACTOR, useExisting: TotpService }],
  exports: [TotpService, SECOND_FACTOR],
})
export class TotpModule {}
