import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import { PageQuery, ResourceIdPipe } from '@lawfirm/platform';
import {
  CreateWebhookDto,
  DeliveryDetailView,
  DeliveryPage,
  DeliveryQuery,
  EventTypeList,
  ReplayDto,
  ReplayView,
  RotateSecretDto,
  UpdateWebhookDto,
  WebhookPage,
  WebhookView,
  WebhookWithSecretView,
} from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

const PROBLEM = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

@ApiTags('webhooks')
@ApiBearerAuth('bearer')
@RequireRoles('firm-admin')
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get('event-types')
  @ApiOperation({
    summary: 'The event catalogue: every event type a webhook can subscribe to, with its payload schema',
  })
  @ApiOkResponse({ type: EventTypeList })
  eventTypes(): EventTypeList {
    return this.webhooks.eventTypes();
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Subscribe an endpoint to event types; the signing secret is shown only in this answer',
  })
  @ApiCreatedResponse({ type: WebhookWithSecretView })
  @ApiConflictResponse({ description: 'Your firm already has a webhook for this URL', content: PROBLEM })
  create(@CurrentActor() actor: Actor, @Body() body: CreateWebhookDto): Promise<WebhookWithSecretView> {
    return this.webhooks.create(actor, body);
  }

  @Get()
  @ApiOperation({ summary: "List your firm's webhooks (without secrets)" })
  @ApiOkResponse({ type: WebhookPage })
  list(@CurrentActor() actor: Actor, @Query() page: PageQuery): Promise<WebhookPage> {
    return this.webhooks.list(actor, page.limit, page.cursor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One webhook (without its secret)' })
  @ApiOkResponse({ type: WebhookView })
  get(
    @CurrentActor() actor: Actor,
    @Param('id', new ResourceIdPipe('webhook')) id: string,
  ): Promise<WebhookView> {
    return this.webhooks.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a webhook: URL, event types, description, or enable/disable it' })
  @ApiOkResponse({ type: WebhookView })
  @ApiConflictResponse({ description: 'Your firm already has a webhook for this URL', content: PROBLEM })
  // Every field is optional, so no body (or {}) is a valid change of nothing: the document says so.
  @ApiBody({ type: UpdateWebhookDto, required: false })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', new ResourceIdPipe('webhook')) id: string,
    @Body() body: UpdateWebhookDto,
  ): Promise<WebhookView> {
    return this.webhooks.update(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a webhook with its deliveries' })
  @ApiNoContentResponse({ description: 'Deleted' })
  async remove(
    @CurrentActor() actor: Actor,
    @Param('id', new ResourceIdPipe('webhook')) id: string,
  ): Promise<void> {
    await this.webhooks.remove(actor, id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Rotate the signing secret; the previous one keeps signing beside the new one for the overlap',
  })
  @ApiOkResponse({ type: WebhookWithSecretView })
  // The body only overrides the default overlap; without one the default applies.
  @ApiBody({ type: RotateSecretDto, required: false })
  rotateSecret(
    @CurrentActor() actor: Actor,
    @Param('id', new ResourceIdPipe('webhook')) id: string,
    @Body() body: RotateSecretDto,
  ): Promise<WebhookWithSecretView> {
    return this.webhooks.rotateSecret(actor, id, body);
  }

  @Post(':id/replay')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Resend every event of the subscribed types from a point in time (new deliveries)',
  })
  @ApiAcceptedResponse({ type: ReplayView, description: 'The deliveries are enqueued' })
  @ApiConflictResponse({ description: 'The webhook is disabled', content: PROBLEM })
  @ApiUnprocessableEntityResponse({
    description: 'More events match than one replay resends',
    content: PROBLEM,
  })
  replay(
    @CurrentActor() actor: Actor,
    @Param('id', new ResourceIdPipe('webhook')) id: string,
    @Body() body: ReplayDto,
  ): Promise<ReplayView> {
    return this.webhooks.replay(actor, id, body);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: "A webhook's deliveries, newest first" })
  @ApiOkResponse({ type: DeliveryPage })
  deliveries(
    @CurrentActor() actor: Actor,
    @Param('id', new ResourceIdPipe('webhook')) id: string,
    @Query() query: DeliveryQuery,
  ): Promise<DeliveryPage> {
    return this.webhooks.listDeliveries(actor, id, query);
  }

  @Get(':id/deliveries/:deliveryId')
  @ApiOperation({
    summary: 'One delivery with every attempt (status, response code, response excerpt, duration)',
  })
  @ApiOkResponse({ type: DeliveryDetailView })
  delivery(
    @CurrentActor() actor: Actor,
    @Param('id', new ResourceIdPipe('webhook')) id: string,
    @Param('deliveryId', new ResourceIdPipe('webhook_delivery')) deliveryId: string,
  ): Promise<DeliveryDetailView> {
    return this.webhooks.getDelivery(actor, id, deliveryId);
  }
}
