import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountsService, CurrentPrincipal, InvitationsService, OperatorGuard, OperatorInvitationsService, TenantsService, type AuthenticatedRequest, type AccountView, type HdsView, type InvitationView, type Principal, type RegionEntity } from '@anw/identity';
import { page, PageQuery, type Page } from '@anw/platform';
import { OperatorInvitationsQuery, OperatorInviteDto } from './dto/invitations.dto.js';
import { CreateHdsDto, HdsListQuery, RegionDto, UpdateHdsDto, UpdateUserDto } from './dto/tenants.dto.js';

/** Regions and HDS'en: platform operators only (users.operator), never a tenant role. */
@ApiTags('platform')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Controller('platform')
export class PlatformController {
  constructor(
    private readonly tenants: TenantsService,
    private readonly invitations: InvitationsService,
    private readonly accounts: AccountsService,
    private readonly operatorInvitations: OperatorInvitationsService,
  ) {}

  @Post('regions')
  @ApiOperation({ summary: 'Regio aanmaken (platformbeheerder)' })
  createRegion(@Body() body: RegionDto): Promise<RegionEntity> {
    return this.tenants.createRegion(body.name);
  }

  @Get('regions')
  @ApiOperation({ summary: "Regio's (platformbeheerder)" })
  async regions(@Query() query: PageQuery): Promise<Page<RegionEntity>> {
    const { items, total } = await this.tenants.listRegions(query);
    return page(items, total, query);
  }

  @Patch('regions/:id')
  @ApiOperation({ summary: 'Regio hernoemen (platformbeheerder)' })
  renameRegion(@Param('id', ParseUUIDPipe) id: string, @Body() body: RegionDto): Promise<RegionEntity> {
    return this.tenants.renameRegion(id, body.name);
  }

  @Post('hds')
  @ApiOperation({ summary: 'HDS aanmaken in een regio (platformbeheerder); code uniek, in het auditspoor van de nieuwe HDS' })
  createHds(@CurrentPrincipal() principal: Principal, @Req() req: AuthenticatedRequest, @Body() body: CreateHdsDto): Promise<HdsView> {
    return this.tenants.createHds(principal.userId, body, req.id ?? null);
  }

  @Get('hds')
  @ApiOperation({ summary: "HDS'en, eventueel van één regio (platformbeheerder)" })
  async hdsList(@Query() query: HdsListQuery): Promise<Page<HdsView>> {
    const { items, total } = await this.tenants.listHds(query, query.regionId);
    return page(items, total, query);
  }

  @Patch('hds/:id')
  @ApiOperation({ summary: 'HDS hernoemen: naam en/of code (platformbeheerder); geaudit' })
  renameHds(@CurrentPrincipal() principal: Principal, @Req() req: AuthenticatedRequest, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateHdsDto): Promise<HdsView> {
    return this.tenants.renameHds(principal.userId, id, body, req.id ?? null);
  }

  @Post('hds/:id/invitations')
  @ApiOperation({ summary: 'De (eerste) hds-admin van een HDS uitnodigen (platformbeheerder); de mail gaat via de outbox' })
  inviteHdsAdmin(@CurrentPrincipal() principal: Principal, @Req() req: AuthenticatedRequest, @Param('id', ParseUUIDPipe) id: string, @Body() body: OperatorInviteDto): Promise<InvitationView> {
    return this.invitations.inviteHdsAdmin({ hdsId: id, actorUserId: principal.userId, requestId: req.id ?? null }, body.email, body.locale);
  }

  @Patch('users/:id')
  @ApiOperation({ summary: 'Gebruiker (de)activeren (platformbeheerder): gedeactiveerd verliest direct alle toegang' })
  updateUser(@CurrentPrincipal() principal: Principal, @Req() req: AuthenticatedRequest, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateUserDto): Promise<AccountView> {
    return this.accounts.setActive(principal.userId, id, body.active, req.id ?? null);
  }

  @Post('regions/:id/invitations')
  @ApiOperation({ summary: 'Een regionale auditor uitnodigen (platformbeheerder): leest alle HDS\'en van de regio; geaudit in elk van hun ketens' })
  inviteRegionalAuditor(@CurrentPrincipal() principal: Principal, @Req() req: AuthenticatedRequest, @Param('id', ParseUUIDPipe) id: string, @Body() body: OperatorInviteDto): Promise<InvitationView> {
    return this.invitations.inviteRegionalAuditor(principal.userId, id, body.email, body.locale, req.id ?? null);
  }

  @Get('invitations')
  @ApiOperation({ summary: 'De uitnodigingen die platformbeheerders versturen (eerste hds-admins, regionale auditoren), met status; filter op HDS, regio en status (platformbeheerder)' })
  async invitationList(@Query() query: OperatorInvitationsQuery): Promise<Page<InvitationView>> {
    const { items, total } = await this.operatorInvitations.list(query, query);
    return page(items, total, query);
  }

  @Post('invitations/:id/resend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Zo\'n uitnodiging opnieuw versturen: een nieuwe link, 7 dagen geldig; de vorige link vervalt (platformbeheerder)' })
  resendInvitation(@CurrentPrincipal() principal: Principal, @Req() req: AuthenticatedRequest, @Param('id', ParseUUIDPipe) id: string): Promise<InvitationView> {
    return this.operatorInvitations.resend({ actorUserId: principal.userId, requestId: req.id ?? null }, id);
  }

  @Post('invitations/:id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Zo\'n uitnodiging intrekken: de link werkt niet meer en er kan een nieuwe worden verstuurd (platformbeheerder)' })
  revokeInvitation(@CurrentPrincipal() principal: Principal, @Req() req: AuthenticatedRequest, @Param('id', ParseUUIDPipe) id: string): Promise<InvitationView> {
    return this.operatorInvitations.revoke({ actorUserId: principal.userId, requestId: req.id ?? null }, id);
  }
}
