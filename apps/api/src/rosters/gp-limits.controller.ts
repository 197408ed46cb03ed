import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ChangeContext } from '@anw/audit';
import { AuditorReadable, CurrentChange, CurrentScope, Role, Roles, type HdsScope } from '@anw/identity';
import { GpLimitsService, RosterError, RosterErrorCode, type GpLimitView } from '@anw/rosters';
import { ApproveGpLimitsDto, GpLimitsDto } from './dto/gp-limits.dto.js';
import { refuseOthersRecord } from './gps.controller.js';

const PLANNERS = [Role.Planner, Role.HdsAdmin];

@ApiTags('gps')
@ApiBearerAuth()
@Controller('hds/:hdsId')
export class GpLimitsController {
  constructor(private readonly limits: GpLimitsService) {}

  @Get('gps/:gpId/limits')
  @Roles(...PLANNERS, Role.Gp, Role.RegionalAuditor)
  @AuditorReadable()
  @ApiOperation({ summary: 'Limieten van een huisarts (goedgekeurd en aangevraagd), per periode of voor elke periode' })
  list(@CurrentScope() scope: HdsScope, @Param('gpId', ParseUUIDPipe) gpId: string): Promise<GpLimitView[]> {
    refuseOthersRecord(scope, gpId);
    return this.limits.list(scope.hdsId, gpId);
  }

  @Get('limit-requests')
  @Roles(...PLANNERS)
  @ApiOperation({ summary: 'Aangevraagde limieten die op goedkeuring wachten, oudste eerst' })
  pending(@CurrentScope() scope: HdsScope): Promise<GpLimitView[]> {
    return this.limits.pending(scope.hdsId);
  }

  @Put('gps/:gpId/limits')
  @Roles(...PLANNERS)
  @ApiOperation({ summary: 'Limieten van een huisarts vaststellen (hoogstens zoveel nacht-, weekend-, feestdag-, avonddiensten en diensten in totaal per periode)' })
  set(@CurrentChange() ctx: ChangeContext, @Param('gpId', ParseUUIDPipe) gpId: string, @Body() body: GpLimitsDto): Promise<GpLimitView> {
    return this.limits.set(ctx, gpId, body);
  }

  @Post('gps/:gpId/limits/approve')
  @HttpCode(200)
  @Roles(...PLANNERS)
  @ApiOperation({ summary: 'De aangevraagde limieten van een huisarts goedkeuren' })
  approve(@CurrentChange() ctx: ChangeContext, @Param('gpId', ParseUUIDPipe) gpId: string, @Body() body: ApproveGpLimitsDto): Promise<GpLimitView> {
    return this.limits.approve(ctx, gpId, body.periodId ?? null);
  }

  @Post('my/limits')
  @Roles(Role.Gp)
  @ApiOperation({ summary: 'Eigen limieten aanvragen; ze tellen zodra een planner ze goedkeurt' })
  request(@CurrentChange() ctx: ChangeContext, @CurrentScope() scope: HdsScope, @Body() body: GpLimitsDto): Promise<GpLimitView> {
    if (!scope.gpId) throw new RosterError(RosterErrorCode.NotYourGpRecord, 'Uw account is in deze HDS niet aan een huisarts gekoppeld.');
    return this.limits.request(ctx, scope.gpId, body);
  }
}
