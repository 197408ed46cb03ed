import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ChangeContext } from '@anw/audit';
import { AuditorReadable, CurrentChange, CurrentScope, Role, Roles, type HdsScope } from '@anw/identity';
import {
  EscalationService,
  MarketplaceError,
  MarketplaceErrorCode,
  MarketplacePolicyService,
  MarketplaceViewsService,
  ApprovalsService,
  ClaimsService,
  OffersService,
  SwapsService,
  type Caller,
  type ClaimView,
  type CursorPage,
  type EscalatedShift,
  type MarketplacePolicy,
  type OfferView,
  type OpenShiftView,
  type QueueDecision,
  type SwapView,
} from '@anw/marketplace';
import { page, type Page } from '@anw/platform';
import { CreateClaimDto, CreateOfferDto, MarketplacePolicyDto, OpenShiftsQuery, ProposeSwapDto, RefusalDto, TradeQuery, TradeReasonDto } from './dto/marketplace.dto.js';

const PLANNERS = [Role.Planner, Role.HdsAdmin];
const TRADERS = [Role.Gp, ...PLANNERS];
const READERS = [...TRADERS, Role.RegionalAuditor];

function caller(scope: HdsScope): Caller {
  return { gpId: scope.gpId, planner: scope.roles.some((r) => PLANNERS.includes(r)) };
}

/** A GP reads their own trades; planners and auditors read all (or one GP's). */
function readerGpId(scope: HdsScope, requested?: string): string | undefined {
  const c = caller(scope);
  if (c.planner || scope.roles.includes(Role.RegionalAuditor)) return requested;
  if (!c.gpId) throw new MarketplaceError(MarketplaceErrorCode.NotAGp, 'Alleen een huisarts met een eigen dossier in deze HDS heeft ruilen.');
  if (requested && requested !== c.gpId) throw new MarketplaceError(MarketplaceErrorCode.NotYourGpRecord, 'U ziet alleen uw eigen ruilen.');
  return c.gpId;
}

@ApiTags('marketplace')
@ApiBearerAuth()
@Controller('hds/:hdsId/marketplace')
export class MarketplaceController {
  constructor(
    private readonly offersService: OffersService,
    private readonly claimsService: ClaimsService,
    private readonly swapsService: SwapsService,
    private readonly approvals: ApprovalsService,
    private readonly views: MarketplaceViewsService,
    private readonly policies: MarketplacePolicyService,
    private readonly escalations: EscalationService,
  ) {}

  // ---- policy ------------------------------------------------------------------------------

  @Get('policy')
  @Roles(...READERS)
  @AuditorReadable()
  @ApiOperation({ summary: 'Ruilbeleid van de HDS (goedkeuring, ongedaan maken, 48 uur, minimum, escalatie)' })
  policy(@Param('hdsId') hdsId: string): Promise<MarketplacePolicy> {
    return this.policies.get(hdsId);
  }

  @Put('policy')
  @Roles(Role.HdsAdmin)
  @ApiOperation({ summary: 'Ruilbeleid wijzigen (alleen de meegegeven velden)' })
  setPolicy(@CurrentChange() ctx: ChangeContext, @Body() body: MarketplacePolicyDto): Promise<MarketplacePolicy> {
    return this.policies.update(ctx, { ...body });
  }

  // ---- views -------------------------------------------------------------------------------

  @Get('open')
  @Roles(...TRADERS)
  @ApiOperation({ summary: 'Open diensten die ik mag overnemen (bevoegd en vrij volgens de harde regels), met wat ze betalen' })
  open(@CurrentScope() scope: HdsScope, @Query() query: OpenShiftsQuery): Promise<CursorPage<OpenShiftView>> {
    const c = caller(scope);
    const gpId = query.gpId && c.planner ? query.gpId : c.gpId;
    if (query.gpId && query.gpId !== c.gpId && !c.planner) throw new MarketplaceError(MarketplaceErrorCode.NotYourGpRecord, 'U ziet alleen uw eigen markt.');
    if (!gpId) {
      throw c.planner
        ? new MarketplaceError(MarketplaceErrorCode.GpRequired, 'Geef de huisarts (gpId) voor wie u de markt bekijkt.')
        : new MarketplaceError(MarketplaceErrorCode.NotAGp, 'Alleen een huisarts met een eigen dossier in deze HDS heeft een markt.');
    }
    return this.views.openFor(scope.hdsId, gpId, query);
  }

  @Get('offers')
  @Roles(...READERS)
  @AuditorReadable()
  @ApiOperation({ summary: 'Aanbiedingen (huisarts: de eigen), lopend en geschiedenis' })
  async offers(@CurrentScope() scope: HdsScope, @Query() query: TradeQuery): Promise<Page<OfferView>> {
    const { items, total } = await this.views.listOffers(scope.hdsId, { gpId: readerGpId(scope, query.gpId), state: query.state }, query);
    return page(items, total, query);
  }

  @Get('claims')
  @Roles(...READERS)
  @AuditorReadable()
  @ApiOperation({ summary: 'Claims (huisarts: de eigen en die op eigen aanbod), lopend en geschiedenis' })
  async claims(@CurrentScope() scope: HdsScope, @Query() query: TradeQuery): Promise<Page<ClaimView>> {
    const { items, total } = await this.views.listClaims(scope.hdsId, { gpId: readerGpId(scope, query.gpId), state: query.state }, query);
    return page(items, total, query);
  }

  @Get('swaps')
  @Roles(...READERS)
  @AuditorReadable()
  @ApiOperation({ summary: 'Ruilvoorstellen (huisarts: gedaan en ontvangen), lopend en geschiedenis' })
  async swaps(@CurrentScope() scope: HdsScope, @Query() query: TradeQuery): Promise<Page<SwapView>> {
    const { items, total } = await this.views.listSwaps(scope.hdsId, { gpId: readerGpId(scope, query.gpId), state: query.state }, query);
    return page(items, total, query);
  }

  // ---- offers ------------------------------------------------------------------------------

  @Post('offers')
  @Roles(...TRADERS)
  @ApiOperation({ summary: 'Een dienst aanbieden: aan iedereen die mag, of aan genoemde collega’s; optioneel met uiterste datum' })
  offer(@CurrentChange() ctx: ChangeContext, @CurrentScope() scope: HdsScope, @Body() body: CreateOfferDto): Promise<OfferView> {
    return this.offersService.offer(ctx, caller(scope), body);
  }

  @Post('offers/:offerId/withdraw')
  @Roles(...TRADERS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Aanbod intrekken (wachtende claims vervallen)' })
  withdrawOffer(@CurrentChange() ctx: ChangeContext, @CurrentScope() scope: HdsScope, @Param('offerId', ParseUUIDPipe) offerId: string, @Body() body: TradeReasonDto): Promise<OfferView> {
    return this.offersService.withdrawOffer(ctx, caller(scope), offerId, body.reason);
  }

  // ---- claims ------------------------------------------------------------------------------

  @Post('claims')
  @Roles(...TRADERS)
  @ApiOperation({
    summary: 'Een open plaats (shiftId) of aangeboden dienst (offerId) overnemen',
    description: 'Automatisch beleid: direct afgerond als de harde regels het toelaten (status completed). Met goedkeuring (of binnen 48 uur): in de wachtrij (status pending). Was iemand u voor: 409.',
  })
  claim(@CurrentChange() ctx: ChangeContext, @CurrentScope() scope: HdsScope, @Body() body: CreateClaimDto): Promise<ClaimView> {
    return this.claimsService.claim(ctx, caller(scope), body);
  }

  @Post('claims/:claimId/withdraw')
  @Roles(...TRADERS)
  @HttpCode(200)
  withdrawClaim(@CurrentChange() ctx: ChangeContext, @CurrentScope() scope: HdsScope, @Param('claimId', ParseUUIDPipe) claimId: string, @Body() body: TradeReasonDto): Promise<ClaimView> {
    return this.claimsService.withdrawClaim(ctx, caller(scope), claimId, body.reason);
  }

  @Post('claims/:claimId/approve')
  @Roles(...PLANNERS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Goedkeuren: de vroegste geldige claim in de wachtrij van deze dienst wint; ongeldige worden afgewezen met de regel, de rest vervalt' })
  approveClaim(@CurrentChange() ctx: ChangeContext, @Param('claimId', ParseUUIDPipe) claimId: string): Promise<QueueDecision> {
    return this.approvals.approveClaim(ctx, claimId);
  }

  @Post('claims/:claimId/refuse')
  @Roles(...PLANNERS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Claim afwijzen, met reden' })
  refuseClaim(@CurrentChange() ctx: ChangeContext, @Param('claimId', ParseUUIDPipe) claimId: string, @Body() body: RefusalDto): Promise<ClaimView> {
    return this.approvals.refuseClaim(ctx, claimId, body.reason);
  }

  @Post('claims/:claimId/undo')
  @Roles(...TRADERS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Afgeronde overname ongedaan maken (binnen de termijn van de HDS)' })
  undoClaim(@CurrentChange() ctx: ChangeContext, @CurrentScope() scope: HdsScope, @Param('claimId', ParseUUIDPipe) claimId: string, @Body() body: TradeReasonDto): Promise<ClaimView> {
    return this.approvals.undoClaim(ctx, caller(scope), claimId, body.reason);
  }

  // ---- swaps -------------------------------------------------------------------------------

  @Post('swaps')
  @Roles(...TRADERS)
  @ApiOperation({ summary: 'Ruil voorstellen: mijn dienst voor een van een collega (1 op 1)' })
  proposeSwap(@CurrentChange() ctx: ChangeContext, @CurrentScope() scope: HdsScope, @Body() body: ProposeSwapDto): Promise<SwapView> {
    return this.swapsService.proposeSwap(ctx, caller(scope), body);
  }

  @Post('swaps/:swapId/accept')
  @Roles(...TRADERS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Ruil accepteren (de gevraagde collega); beide huisartsen worden opnieuw aan de harde regels getoetst' })
  acceptSwap(@CurrentChange() ctx: ChangeContext, @CurrentScope() scope: HdsScope, @Param('swapId', ParseUUIDPipe) swapId: string, @Body() body: TradeReasonDto): Promise<SwapView> {
    return this.swapsService.acceptSwap(ctx, caller(scope), swapId, body.reason);
  }

  @Post('swaps/:swapId/decline')
  @Roles(...TRADERS)
  @HttpCode(200)
  declineSwap(@CurrentChange() ctx: ChangeContext, @CurrentScope() scope: HdsScope, @Param('swapId', ParseUUIDPipe) swapId: string, @Body() body: TradeReasonDto): Promise<SwapView> {
    return this.swapsService.declineSwap(ctx, caller(scope), swapId, body.reason);
  }

  @Post('swaps/:swapId/withdraw')
  @Roles(...TRADERS)
  @HttpCode(200)
  withdrawSwap(@CurrentChange() ctx: ChangeContext, @CurrentScope() scope: HdsScope, @Param('swapId', ParseUUIDPipe) swapId: string, @Body() body: TradeReasonDto): Promise<SwapView> {
    return this.swapsService.withdrawSwap(ctx, caller(scope), swapId, body.reason);
  }

  @Post('swaps/:swapId/approve')
  @Roles(...PLANNERS)
  @HttpCode(200)
  approveSwap(@CurrentChange() ctx: ChangeContext, @Param('swapId', ParseUUIDPipe) swapId: string): Promise<SwapView> {
    return this.approvals.approveSwap(ctx, swapId);
  }

  @Post('swaps/:swapId/refuse')
  @Roles(...PLANNERS)
  @HttpCode(200)
  refuseSwap(@CurrentChange() ctx: ChangeContext, @Param('swapId', ParseUUIDPipe) swapId: string, @Body() body: RefusalDto): Promise<SwapView> {
    return this.approvals.refuseSwap(ctx, swapId, body.reason);
  }

  @Post('swaps/:swapId/undo')
  @Roles(...TRADERS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Afgeronde ruil ongedaan maken (binnen de termijn van de HDS)' })
  undoSwap(@CurrentChange() ctx: ChangeContext, @CurrentScope() scope: HdsScope, @Param('swapId', ParseUUIDPipe) swapId: string, @Body() body: TradeReasonDto): Promise<SwapView> {
    return this.approvals.undoSwap(ctx, caller(scope), swapId, body.reason);
  }

  // ---- escalation --------------------------------------------------------------------------

  @Post('escalations/run')
  @Roles(...PLANNERS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Diensten die kort voor aanvang nog open zijn naar de planners (shift.still_open, eenmaal per dienst)' })
  escalate(@CurrentChange() ctx: ChangeContext): Promise<{ escalated: EscalatedShift[] }> {
    return this.escalations.run(ctx);
  }
}

