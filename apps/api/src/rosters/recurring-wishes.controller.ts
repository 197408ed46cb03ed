import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ChangeContext } from '@anw/audit';
import { AuditorReadable, CurrentChange, CurrentScope, Role, Roles, type HdsScope } from '@anw/identity';
import { RecurringWishesService, type AvailabilityActor, type RecurringWishView } from '@anw/rosters';
import { CreateRecurringWishDto } from './dto/recurring-wish.dto.js';
import { refuseOthersRecord } from './gps.controller.js';

const READERS = [Role.Planner, Role.HdsAdmin, Role.Gp, Role.RegionalAuditor];
const EDITORS = [Role.Planner, Role.HdsAdmin, Role.Gp];

function actor(scope: HdsScope): AvailabilityActor {
  return { gpId: scope.gpId, onBehalf: scope.roles.some((r) => r === Role.Planner || r === Role.HdsAdmin) };
}

@ApiTags('availability')
@ApiBearerAuth()
@Controller('hds/:hdsId/periods/:periodId/gps/:gpId/recurring-wishes')
export class RecurringWishesController {
  constructor(private readonly wishes: RecurringWishesService) {}

  @Get()
  @Roles(...READERS)
  @AuditorReadable()
  @ApiOperation({ summary: 'Terugkerende wensen van een huisarts in een periode (bijv. geen vrijdagnachten, liefst zondag overdag)' })
  list(@CurrentScope() scope: HdsScope, @Param('periodId', ParseUUIDPipe) periodId: string, @Param('gpId', ParseUUIDPipe) gpId: string): Promise<RecurringWishView[]> {
    refuseOthersRecord(scope, gpId);
    return this.wishes.list(scope.hdsId, gpId, periodId);
  }

  @Post()
  @Roles(...EDITORS)
  @ApiOperation({ summary: 'Een terugkerende wens opgeven (weekdag, tijdvak, gewicht 1–3): een huisarts tot de deadline, een planner altijd' })
  add(
    @CurrentChange() ctx: ChangeContext,
    @CurrentScope() scope: HdsScope,
    @Param('periodId', ParseUUIDPipe) periodId: string,
    @Param('gpId', ParseUUIDPipe) gpId: string,
    @Body() body: CreateRecurringWishDto,
  ): Promise<RecurringWishView> {
    return this.wishes.add(ctx, actor(scope), gpId, periodId, body);
  }

  @Delete(':wishId')
  @Roles(...EDITORS)
  @ApiOperation({ summary: 'Een terugkerende wens verwijderen' })
  remove(
    @CurrentChange() ctx: ChangeContext,
    @CurrentScope() scope: HdsScope,
    @Param('periodId', ParseUUIDPipe) periodId: string,
    @Param('gpId', ParseUUIDPipe) gpId: string,
    @Param('wishId', ParseUUIDPipe) wishId: string,
  ): Promise<RecurringWishView> {
    return this.wishes.remove(ctx, actor(scope), gpId, periodId, wishId);
  }
}
