import {
  Body,
  Controller,
  createParamDecorator,
  Get,
  HttpCode,
  Param,
  Post,
  UseGuards,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CurrentActor, Public, RequireRoles, type Actor } from '@lawfirm/auth';
import { ValidationFailedError } from '@lawfirm/errors';
import {
  IssuedVendorKeyView,
  IssueVendorKeyDto,
  RegisterVendorDto,
  VendorIdParams,
  VendorKeyList,
  VendorKeyParams,
  VendorKeyView,
  VendorList,
  VendorView,
} from './dto/vendor.dto';
import { OperatorAccessGuard } from './operator-access.guard';
import { VendorsService } from './vendors.service';
import { NotFoundError } from '@lawfirm/errors';

/** The operator's stated reason, forwarded by the admin gateway (which checked it first): 10–500 characters. */
const OperatorReason = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const value = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers[
    'x-access-reason'
  ];
  const reason = typeof value === 'string' ? value.trim() : '';
  if (reason.length < 10 || reason.length > 500)
    throw new ValidationFailedError(
      [{ field: 'X-Access-Reason', message: 'state the reason for this action (10 to 500 characters)' }],
      'Operations actions need a stated reason in the X-Access-Reason header.',
    );
  return reason;
});

/**
 * The admin gateway's way to the vendor organisations this gateway owns (`/admin/vendors` there).
 * Not in the public API document: only the admin gateway can mint the tokens these routes take.
 */
@ApiExcludeController()
@Public()
@UseGuards(OperatorAccessGuard)
@Controller('internal/vendors')
export class InternalVendorsController {
  constructor(private readonly vendors: VendorsService) {}

  @Post()
  @RequireRoles('ops-admin')
  register(
    @CurrentActor() operator: Actor,
    @OperatorReason() reason: string,
    @Body() body: RegisterVendorDto,
  ): Promise<VendorView> {
    return this.vendors.register(operator, body.name, reason);
  }

  @Get()
  @RequireRoles('ops-admin', 'ops-auditor')
  async list(): Promise<VendorList> {
    return { items: await this.vendors.list() };
  }

  @Get(':vendorId')
  @RequireRoles('ops-admin', 'ops-auditor')
  async get(@Param() params: VendorIdParams): Promise<VendorView> {
    const vendor = await this.vendors.find(params.vendorId);
    if (!vendor) throw new NotFoundError('vendor', params.vendorId);
    return vendor;
  }

  @Post(':vendorId/keys')
  @RequireRoles('ops-admin')
  issueKey(
    @CurrentActor() operator: Actor,
    @OperatorReason() reason: string,
    @Param() params: VendorIdParams,
    @Body() body: IssueVendorKeyDto,
  ): Promise<IssuedVendorKeyView> {
    return this.vendors.issueKey(operator, params.vendorId, body, reason);
  }

  @Get(':vendorId/keys')
  @RequireRoles('ops-admin', 'ops-auditor')
  async keys(@Param() params: VendorIdParams): Promise<VendorKeyList> {
    return { items: await this.vendors.keys(params.vendorId) };
  }

  @Post(':vendorId/keys/:keyId/revoke')
  @HttpCode(200)
  @RequireRoles('ops-admin')
  revokeKey(
    @CurrentActor() operator: Actor,
    @OperatorReason() reason: string,
    @Param() params: VendorKeyParams,
  ): Promise<VendorKeyView> {
    return this.vendors.revokeKey(operator, params.vendorId, params.keyId, reason);
  }
}
