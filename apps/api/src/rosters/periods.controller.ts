import { Body, Controller, Delete, Get, Header, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { ChangeContext } from '@anw/audit';
import { AuditorReadable, CurrentChange, CurrentScope, Role, Roles, type HdsScope } from '@anw/identity';
import { page, PageQuery, type Page } from '@anw/platform';
import { AssignmentsService, PeriodExportService, PeriodsService, PeriodVersionsService, RosterError, ShiftsService, RosterErrorCode, type RosterPeriodEntity, type ShiftView } from '@anw/rosters';
import { AssignDto, MyShiftsQuery, CreatePeriodDto, CreateShiftDto, DiffQuery, GenerateQuery, ReasonDto, ShiftQuery, UpdatePeriodDto, UpdateShiftDto } from './dto/period.dto.js';

const READERS = [Role.Planner, Role.HdsAdmin, Role.Gp, Role.RegionalAuditor];
const WRITERS = [Role.Planner, Role.HdsAdmin];

/** GPs (and only GPs) see published periods only. */
function publishedOnly(scope: HdsScope): boolean {
  return !scope.roles.some((r) => r === Role.Planner || r === Role.HdsAdmin || r === Role.RegionalAuditor);
}

@ApiTags('periods')
@ApiBearerAuth()
@Controller('hds/:hdsId')
export class PeriodsController {
  constructor(
    private readonly periods: PeriodsService,
    private readonly shiftsService: ShiftsService,
    private readonly assignments: AssignmentsService,
    private readonly versionsService: PeriodVersionsService,
    private readonly exports: PeriodExportService,
  ) {}

  @Get('periods')
  @Roles(...READERS)
  @AuditorReadable()
  @ApiOperation({ summary: 'Roosterperiodes, nieuwste eerst (huisartsen zien alleen gepubliceerde)' })
  async list(@CurrentScope() scope: HdsScope, @Query() query: PageQuery): Promise<Page<RosterPeriodEntity>> {
    const { items, total } = await this.periods.listPeriods(scope.hdsId, publishedOnly(scope), query);
    return page(items, total, query);
  }

  @Post('periods')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Roosterperiode aanmaken (concept)' })
  create(@CurrentChange() ctx: ChangeContext, @Body() body: CreatePeriodDto): Promise<RosterPeriodEntity> {
    return this.periods.createPeriod(ctx, body);
  }

  @Get('periods/:periodId')
  @Roles(...READERS)
  @AuditorReadable()
  get(@CurrentScope() scope: HdsScope, @Param('periodId', ParseUUIDPipe) periodId: string): Promise<RosterPeriodEntity> {
    return this.periods.getVisiblePeriod(scope.hdsId, periodId, publishedOnly(scope));
  }

  @Patch('periods/:periodId')
  @Roles(...WRITERS)
  update(@CurrentChange() ctx: ChangeContext, @Param('periodId', ParseUUIDPipe) periodId: string, @Body() body: UpdatePeriodDto): Promise<RosterPeriodEntity> {
    return this.periods.updatePeriod(ctx, periodId, body);
  }

  @Post('periods/:periodId/generate')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Diensten maken uit de dienstsoorten (feestdagen en zomertijd verwerkt)' })
  generate(@CurrentChange() ctx: ChangeContext, @Param('periodId', ParseUUIDPipe) periodId: string, @Query() query: GenerateQuery): Promise<{ generated: number }> {
    return this.periods.generate(ctx, periodId, query.replace ?? false);
  }

  @Get('periods/:periodId/shifts')
  @Roles(...READERS)
  @AuditorReadable()
  @ApiOperation({ summary: 'Diensten van een periode, met bezetting' })
  async shifts(@CurrentScope() scope: HdsScope, @Param('periodId', ParseUUIDPipe) periodId: string, @Query() query: ShiftQuery): Promise<Page<ShiftView>> {
    await this.periods.getVisiblePeriod(scope.hdsId, periodId, publishedOnly(scope));
    const { items, total } = await this.shiftsService.listShifts(scope.hdsId, periodId, query, query);
    return page(items, total, query);
  }

  @Post('periods/:periodId/shifts')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Losse dienst toevoegen' })
  addShift(@CurrentChange() ctx: ChangeContext, @Param('periodId', ParseUUIDPipe) periodId: string, @Body() body: CreateShiftDto): Promise<ShiftView> {
    const { reason, ...input } = body;
    return this.shiftsService.addShift(ctx, periodId, input, reason);
  }

  @Get('my/shifts')
  @Roles(Role.Gp)
  @ApiOperation({ summary: 'Mijn diensten (gepubliceerde roosters) tussen twee datums, op begintijd' })
  async myShifts(@CurrentScope() scope: HdsScope, @Query() query: MyShiftsQuery): Promise<Page<ShiftView>> {
    if (!scope.gpId) throw new RosterError(RosterErrorCode.NotYourGpRecord, 'Uw account is in deze HDS niet aan een huisarts gekoppeld.');
    const { items, total } = await this.shiftsService.listGpShifts(scope.hdsId, scope.gpId, query.from, query.to, query);
    return page(items, total, query);
  }

  @Get('shifts/:shiftId')
  @Roles(...READERS)
  @AuditorReadable()
  async shift(@CurrentScope() scope: HdsScope, @Param('shiftId', ParseUUIDPipe) shiftId: string): Promise<ShiftView> {
    const view = await this.shiftsService.getShiftView(scope.hdsId, shiftId);
    await this.periods.getVisiblePeriod(scope.hdsId, view.periodId, publishedOnly(scope)).catch(() => {
      throw new RosterError(RosterErrorCode.ShiftNotFound, `Dienst ${shiftId} bestaat niet in deze HDS.`);
    });
    return view;
  }

  @Patch('shifts/:shiftId')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Dienst verschuiven of wijzigen (na publicatie met reden)' })
  updateShift(@CurrentChange() ctx: ChangeContext, @Param('shiftId', ParseUUIDPipe) shiftId: string, @Body() body: UpdateShiftDto): Promise<ShiftView> {
    const { reason, ...input } = body;
    return this.shiftsService.updateShift(ctx, shiftId, input, reason);
  }

  @Delete('shifts/:shiftId')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Dienst verwijderen (na publicatie met reden, ?reason=…)' })
  removeShift(@CurrentChange() ctx: ChangeContext, @Param('shiftId', ParseUUIDPipe) shiftId: string, @Query() query: ReasonDto): Promise<ShiftView> {
    return this.shiftsService.removeShift(ctx, shiftId, query.reason);
  }

  @Post('shifts/:shiftId/assignments')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Huisarts op een dienst zetten (harde regels worden gecontroleerd)' })
  assign(@CurrentChange() ctx: ChangeContext, @Param('shiftId', ParseUUIDPipe) shiftId: string, @Body() body: AssignDto): Promise<ShiftView> {
    return this.assignments.assign(ctx, { shiftId, gpId: body.gpId, reason: body.reason });
  }

  @Delete('shifts/:shiftId/assignments/:gpId')
  @Roles(...WRITERS)
  unassign(
    @CurrentChange() ctx: ChangeContext,
    @Param('shiftId', ParseUUIDPipe) shiftId: string,
    @Param('gpId', ParseUUIDPipe) gpId: string,
    @Query() query: ReasonDto,
  ): Promise<ShiftView> {
    return this.assignments.unassign(ctx, { shiftId, gpId, reason: query.reason });
  }

  @Post('periods/:periodId/publish')
  @Roles(...WRITERS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Publiceren: bevriest versie 1' })
  publish(@CurrentChange() ctx: ChangeContext, @Param('periodId', ParseUUIDPipe) periodId: string): Promise<RosterPeriodEntity> {
    return this.periods.publish(ctx, periodId);
  }

  @Post('periods/:periodId/close')
  @Roles(...WRITERS)
  @HttpCode(200)
  close(@CurrentChange() ctx: ChangeContext, @Param('periodId', ParseUUIDPipe) periodId: string): Promise<RosterPeriodEntity> {
    return this.periods.close(ctx, periodId);
  }

  @Get('periods/:periodId/versions')
  @Roles(Role.Planner, Role.HdsAdmin, Role.RegionalAuditor)
  @AuditorReadable()
  versions(@Param('hdsId') hdsId: string, @Param('periodId', ParseUUIDPipe) periodId: string): ReturnType<PeriodVersionsService['listVersions']> {
    return this.versionsService.listVersions(hdsId, periodId);
  }

  @Get('periods/:periodId/diff')
  @Roles(Role.Planner, Role.HdsAdmin, Role.RegionalAuditor)
  @AuditorReadable()
  @ApiOperation({ summary: 'Verschil tussen twee versies: toegevoegd, verwijderd, verschoven, anders bezet' })
  diff(@Param('hdsId') hdsId: string, @Param('periodId', ParseUUIDPipe) periodId: string, @Query() query: DiffQuery): ReturnType<PeriodVersionsService['diff']> {
    return this.versionsService.diff(hdsId, periodId, { from: query.from, to: query.to });
  }

  @Get('periods/:periodId/export.csv')
  @Roles(Role.Planner, Role.HdsAdmin, Role.RegionalAuditor)
  @AuditorReadable()
  @ApiProduces('text/csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  exportCsv(@Param('hdsId') hdsId: string, @Param('periodId', ParseUUIDPipe) periodId: string): Promise<string> {
    return this.exports.exportCsv(hdsId, periodId);
  }
}
