import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { CurrentActor, Permit, type Actor } from '@lawfirm/auth';
import { ResourceIdPipe } from '@lawfirm/platform';
import { ConsentService } from './consent.service';
import { ConsentPage, ConsentView, GrantConsentDto } from './dto/grant-consent.dto';
import { ConsentListQuery } from './dto/list-consents.query';
import { RevokeConsentDto } from './dto/revoke-consent.dto';
import { INTAKE_POLICY } from '../access-policy';

/** A client's consents to outsourcing; an unknown client (another firm's included) answers 404. */
@ApiTags('consents')
@ApiBearerAuth('bearer')
@Controller('v1/clients/:id/consents')
export class ConsentController {
  constructor(private readonly consents: ConsentService) {}

  @Post()
  @Permit(INTAKE_POLICY, 'consent.grant')
  @ApiOperation({ summary: "Record a client's consent to outsourcing" })
  @HttpCode(201)
  @ApiCreatedResponse({ type: ConsentView, description: "The client's consent to outsourcing was recorded." })
  @ApiNotFoundResponse({ description: 'No such client in this firm.' })
  grant(
    @CurrentActor() actor: Actor,
    @Param('id', new ResourceIdPipe('client')) clientId: string,
    @Body() body: GrantConsentDto,
  ): Promise<ConsentView> {
    return this.consents.grant(actor, clientId, body);
  }

  @Get()
  @Permit(INTAKE_POLICY, 'consent.read')
  @ApiOperation({ summary: "List a client's consents" })
  @ApiOkResponse({
    type: ConsentPage,
    description: 'Newest first; revoked consents only with includeRevoked=true.',
  })
  @ApiNotFoundResponse({ description: 'No such client in this firm.' })
  list(
    @CurrentActor() actor: Actor,
    @Param('id', new ResourceIdPipe('client')) clientId: string,
    @Query() query: ConsentListQuery,
  ): Promise<ConsentPage> {
    return this.consents.list(actor, clientId, query);
  }

  @Post(':consentId/revoke')
  @Permit(INTAKE_POLICY, 'consent.revoke')
  @ApiOperation({ summary: 'Revoke a consent' })
  @HttpCode(200)
  @ApiOkResponse({ type: ConsentView, description: 'The consent is revoked; it stays on record.' })
  @ApiNotFoundResponse({ description: 'No such client or consent in this firm.' })
  @ApiConflictResponse({ description: 'The consent was already revoked (code consent_already_revoked).' })
  revoke(
    @CurrentActor() actor: Actor,
    @Param('id', new ResourceIdPipe('client')) clientId: string,
    @Param('consentId', new ResourceIdPipe('consent')) consentId: string,
    @Body() body: RevokeConsentDto,
  ): Promise<ConsentView> {
    return this.consents.revoke(actor, clientId, consentId, body);
  }
}
