import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ChangeContext } from '@anw/audit';
import { CurrentChange, CurrentScope, InvitationsService, Role, Roles, type HdsScope, type InvitationView } from '@anw/identity';
import { page, PageQuery, type Page } from '@anw/platform';
import { InviteDto, LocaleDto } from './dto/invitations.dto.js';

const INVITERS = [Role.Planner, Role.HdsAdmin];

@ApiTags('invitations')
@ApiBearerAuth()
@Controller('hds/:hdsId')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post('invitations')
  @Roles(...INVITERS)
  @ApiOperation({
    summary: 'Uitnodigen: een hds-admin nodigt planners en hds-admins uit (email), planners en hds-admins nodigen huisartsen uit (gpId)',
    description: 'De uitnodigingsmail (Nederlands, of Engels met locale en) bevat de link ${PUBLIC_BASE_URL}/invitations/<token>, 7 dagen geldig, eenmalig; accepteren via POST /invitations/accept.',
  })
  invite(@CurrentChange() ctx: ChangeContext, @CurrentScope() scope: HdsScope, @Body() body: InviteDto): Promise<InvitationView> {
    return this.invitations.invite(ctx, scope.roles, body);
  }

  @Post('invitations/gps')
  @Roles(...INVITERS)
  @ApiOperation({ summary: 'Alle huidige huisartsen van deze HDS zonder account en zonder openstaande uitnodiging uitnodigen' })
  inviteAllGps(@CurrentChange() ctx: ChangeContext, @CurrentScope() scope: HdsScope, @Body() body: LocaleDto): Promise<{ invited: number }> {
    return this.invitations.inviteAllGps(ctx, scope.roles, body.locale);
  }

  @Get('invitations')
  @Roles(...INVITERS)
  @ApiOperation({ summary: 'Uitnodigingen van deze HDS met hun status (pending, accepted, revoked, expired), nieuwste eerst' })
  async list(@CurrentScope() scope: HdsScope, @Query() query: PageQuery): Promise<Page<InvitationView>> {
    const { items, total } = await this.invitations.list(scope.hdsId, query);
    return page(items, total, query);
  }

  @Post('invitations/:invitationId/resend')
  @HttpCode(200)
  @Roles(...INVITERS)
  @ApiOperation({ summary: 'Uitnodiging opnieuw versturen: een nieuwe link, 7 dagen geldig; de vorige link vervalt' })
  resend(@CurrentChange() ctx: ChangeContext, @CurrentScope() scope: HdsScope, @Param('invitationId', ParseUUIDPipe) id: string): Promise<InvitationView> {
    return this.invitations.resend(ctx, scope.roles, id);
  }

  @Post('invitations/:invitationId/revoke')
  @HttpCode(200)
  @Roles(...INVITERS)
  @ApiOperation({ summary: 'Uitnodiging intrekken: de link werkt niet meer' })
  revoke(@CurrentChange() ctx: ChangeContext, @CurrentScope() scope: HdsScope, @Param('invitationId', ParseUUIDPipe) id: string): Promise<InvitationView> {
    return this.invitations.revoke(ctx, scope.roles, id);
  }
}
