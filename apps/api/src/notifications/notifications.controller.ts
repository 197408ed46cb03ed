import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ChangeContext } from '@anw/audit';
import { CurrentChange, CurrentScope, Role, Roles, type HdsScope } from '@anw/identity';
import { DeadLettersService, PreferencesService, WebhooksService, type DeadLetterView, type PreferencesView, type WebhookView } from '@anw/notifications';
import { page, type Page } from '@anw/platform';
import { DeadLetterQuery, PreferencesDto, WebhookDto } from './dto/notification.dto.js';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('hds/:hdsId/notifications')
export class NotificationsController {
  constructor(
    private readonly preferences: PreferencesService,
    private readonly deadLetters: DeadLettersService,
    private readonly webhooks: WebhooksService,
  ) {}

  @Get('preferences')
  @Roles(Role.Gp)
  @ApiOperation({ summary: 'Eigen meldingsvoorkeuren: kanalen, soorten, herinnering vóór een dienst' })
  getPreferences(@CurrentScope() scope: HdsScope): Promise<PreferencesView> {
    return this.preferences.get(scope.hdsId, scope.gpId);
  }

  @Put('preferences')
  @Roles(Role.Gp)
  @ApiOperation({ summary: 'Eigen meldingsvoorkeuren opslaan (herinneringen schuiven mee)' })
  putPreferences(@CurrentChange() ctx: ChangeContext, @CurrentScope() scope: HdsScope, @Body() body: PreferencesDto): Promise<PreferencesView> {
    return this.preferences.put(ctx, scope.gpId, { channels: body.channels, kinds: body.kinds, reminderLeadMinutes: body.reminderLeadMinutes ?? null });
  }

  @Get('dead-letters')
  @Roles(Role.HdsAdmin)
  @ApiOperation({ summary: 'Onbestelbare berichten (alle pogingen mislukt)' })
  async listDeadLetters(@CurrentScope() scope: HdsScope, @Query() query: DeadLetterQuery): Promise<Page<DeadLetterView>> {
    const { items, total } = await this.deadLetters.list(scope.hdsId, query, query.includeRetried ?? false);
    return page(items, total, query);
  }

  @Post('dead-letters/:deadLetterId/retry')
  @Roles(Role.HdsAdmin)
  @HttpCode(202)
  @ApiOperation({ summary: 'Onbestelbaar bericht opnieuw aanbieden' })
  retry(@CurrentChange() ctx: ChangeContext, @Param('deadLetterId', ParseUUIDPipe) id: string): Promise<DeadLetterView> {
    return this.deadLetters.retry(ctx, id);
  }

  @Get('webhook')
  @Roles(Role.HdsAdmin)
  @ApiOperation({ summary: 'Webhook van de HDS (elke gebeurtenis, ondertekend met HMAC-SHA256)' })
  getWebhook(@CurrentScope() scope: HdsScope): Promise<WebhookView> {
    return this.webhooks.get(scope.hdsId);
  }

  @Put('webhook')
  @Roles(Role.HdsAdmin)
  @ApiOperation({ summary: 'Webhook instellen of wijzigen; het geheim wordt bij de eerste keer of op verzoek nieuw gemaakt' })
  putWebhook(@CurrentChange() ctx: ChangeContext, @Body() body: WebhookDto): Promise<WebhookView> {
    return this.webhooks.put(ctx, body);
  }
}
