import { Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { InternalTokenVerifier } from '@lawfirm/auth';
import type { GatewayConfig } from '../config';
import { ProxyModule } from '../proxy/proxy.module';
import { AssignmentConnectionInterceptor } from './assignment-connection.interceptor';
import { InternalVendorsController } from './internal-vendors.controller';
import { OPERATOR_TOKEN, OPERATOR_TOKEN_VERIFIER, OperatorAccessGuard } from './operator-access.guard';
import { VendorConnectionsController } from './vendor-connections.controller';
import { VendorConnectionsService } from './vendor-connections.service';
import { VendorTokenController } from './vendor-token.controller';
import { VendorCallerGuard } from './vendor-caller.guard';
import { VendorController } from './vendor.controller';
import { VendorsService } from './vendors.service';
import { VendorWorkService } from './vendor-work.service';

/**
 * Partner vendors (issue 16): organisations and their API keys (operations, through the admin
 * gateway's `/admin/vendors`), the key-for-token exchange, and each firm's connections to vendors.
 */
@Module({})
export class VendorsModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: VendorsModule,
      imports: [ProxyModule],
      controllers: [
        VendorTokenController,
        VendorController,
        VendorConnectionsController,
        InternalVendorsController,
      ],
      providers: [
        VendorsService,
        VendorConnectionsService,
        OperatorAccessGuard,
        VendorCallerGuard,
        VendorWorkService,
        { provide: APP_INTERCEPTOR, useClass: AssignmentConnectionInterceptor },
        {
          provide: OPERATOR_TOKEN_VERIFIER,
          useValue: new InternalTokenVerifier(
            config.ADMIN_GATEWAY_INTERNAL_TOKEN_KEY,
            OPERATOR_TOKEN.issuer,
            OPERATOR_TOKEN.audience,
          ),
        },
      ],
      exports: [VendorsService, VendorConnectionsService],
    };
  }
}
