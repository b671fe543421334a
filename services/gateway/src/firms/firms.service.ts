import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import { recordChange, type ChangeCaller } from '@lawfirm/audit';
import { uuidv7, type FirmDetail, type FirmSummary, type OnboardedFirm } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { FirmAdminService } from '../identity/firm-admin.service';
import { InvitationsService } from '../invitations/invitations.service';
import type { OnboardFirmDto } from './dto/onboard-firm.dto';

/**
 * Operations' side of firms, called by the admin gateway: onboarding (the firm and its first
 * administrator's invitation in one transaction, recorded in the new firm's trail with the
 * operator's reason), the list and a firm's detail, suspension and reactivation.
 */
@Injectable()
export class FirmsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly firms: FirmAdminService,
    private readonly invitations: InvitationsService,
  ) {}

  async onboard(operator: Actor, input: OnboardFirmDto, reason: string): Promise<OnboardedFirm> {
    const firmId = uuidv7();
    const caller = this.callerIn(firmId, operator);
    const { firm, invitation, token } = await withTenant(this.dataSource, firmId, async (manager) => {
      const created = await this.firms.insertFirm(manager, {
        id: firmId,
        slug: input.slug,
        name: input.name.trim(),
        timeZone: input.timeZone,
        currency: input.currency,
        paymentTermsDays: input.paymentTermsDays,
      });
      await recordChange(manager, caller, {
        action: 'firm.onboarded',
        resourceType: 'firm',
        resourceId: firmId,
        details: {
          reason,
          slug: created.slug,
          name: created.name,
          timeZone: created.timeZone,
          currency: created.currency,
          paymentTermsDays: created.paymentTermsDays,
          adminEmail: input.admin.email.trim().toLowerCase(),
          adminName: input.admin.name.trim(),
        },
      });
      const invited = await this.invitations.createWithin(manager, caller, {
        email: input.admin.email,
        roles: ['firm-admin'],
        invitedBy: `ops:${operator.subject}`,
        details: { reason },
      });
      return { firm: created, ...invited };
    });
    // After the commit: a mail for a firm that was rolled back would carry a dead link.
    await this.invitations.send(invitation.email, token, {
      greeting: `Dear ${input.admin.name.trim()},`,
      firmName: firm.name,
    });
    return { firm, invitation };
  }

  list(limit: number): Promise<FirmSummary[]> {
    return this.firms.list(limit);
  }

  async detail(operator: Actor, firmId: string): Promise<FirmDetail> {
    const firm = await this.firms.detail(firmId);
    const invitations = await this.invitations.listPending({ ...operator, firmId });
    return { ...firm, invitations };
  }

  suspend(operator: Actor, firmId: string, reason: string): Promise<FirmSummary> {
    return this.firms.setSuspended(this.callerIn(firmId, operator), firmId, true, reason);
  }

  reactivate(operator: Actor, firmId: string, reason: string): Promise<FirmSummary> {
    return this.firms.setSuspended(this.callerIn(firmId, operator), firmId, false, reason);
  }

  /** The operator as the author of a change in `firmId`'s trail. */
  private callerIn(firmId: string, operator: Actor): ChangeCaller {
    return {
      firmId,
      actorType: 'ops',
      subject: operator.subject,
      correlationId: operator.correlationId,
      requestId: operator.requestId,
    };
  }
}
