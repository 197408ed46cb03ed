import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { ChangeContext } from '@anw/audit';
import { AuditorReadable, CurrentChange, CurrentScope, Role, Roles, type HdsScope } from '@anw/identity';
import { page, type Page, PageQuery } from '@anw/platform';
import { PeriodsService, type RosterPeriodEntity } from '@anw/rosters';
import {
  type StatementDetail,
  type StatementRunDetail,
  type StatementRunView,
  StatementsService,
  type StatementView,
  TariffsError,
  TariffsErrorCode,
} from '@anw/tariffs-service';
import { SnapshotDto } from './dto/tariffs.dto.js';

const ALL_GPS = [Role.Planner, Role.HdsAdmin, Role.RegionalAuditor];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Planners, admins and auditors see every GP's statement; anyone else only their own. */
function seesAll(scope: HdsScope): boolean {
  return scope.roles.some((r) => ALL_GPS.includes(r));
}

@ApiTags('tariffs')
@ApiBearerAuth()
@Controller('hds/:hdsId/periods/:periodId')
export class StatementsController {
  constructor(
    private readonly statements: StatementsService,
    private readonly periods: PeriodsService,
  ) {}

  @Get('statements')
  @Roles(...ALL_GPS)
  @AuditorReadable()
  @ApiOperation({ summary: 'Afrekening per huisarts: uren en centen per categorie, toeslagen, totaal (hele centen)' })
  async list(
    @Param('hdsId') hdsId: string,
    @Param('periodId', ParseUUIDPipe) periodId: string,
    @Query() query: PageQuery,
  ): Promise<Page<StatementView> & { totalCents: number }> {
    const period = await this.periods.getPeriod(hdsId, periodId);
    const { items, total, totalCents } = await this.statements.list(hdsId, period, query);
    return { ...page(items, total, query), totalCents };
  }

  @Get('statements/:gpId')
  @Roles(...ALL_GPS, Role.Gp)
  @AuditorReadable()
  @ApiOperation({ summary: 'Afrekening van één huisarts met een regel per dienst (een huisarts ziet alleen de eigen)' })
  async one(@CurrentScope() scope: HdsScope, @Param('periodId', ParseUUIDPipe) periodId: string, @Param('gpId', ParseUUIDPipe) gpId: string): Promise<StatementDetail> {
    const all = seesAll(scope);
    if (!all && scope.gpId !== gpId) throw new TariffsError(TariffsErrorCode.NotYourStatement, 'U kunt alleen uw eigen afrekening inzien.');
    const period = await this.periods.getVisiblePeriod(scope.hdsId, periodId, !all);
    return this.statements.forGp(scope.hdsId, period, gpId);
  }

  @Get('payroll.csv')
  @Roles(...ALL_GPS)
  @AuditorReadable()
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'Salarisexport (CSV): een regel per huisarts, bedragen in euro én in hele centen' })
  async csv(@Param('hdsId') hdsId: string, @Param('periodId', ParseUUIDPipe) periodId: string): Promise<StreamableFile> {
    const period = await this.periods.getPeriod(hdsId, periodId);
    const body = Buffer.from(await this.statements.payrollCsv(hdsId, period), 'utf8');
    return new StreamableFile(body, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${fileName(period)}.csv"` });
  }

  @Get('payroll.xlsx')
  @Roles(...ALL_GPS)
  @AuditorReadable()
  @ApiProduces(XLSX)
  @ApiOperation({ summary: 'Salarisexport (Excel): een regel per huisarts, een totaalregel en een toelichting' })
  async xlsx(@Param('hdsId') hdsId: string, @Param('periodId', ParseUUIDPipe) periodId: string): Promise<StreamableFile> {
    const period = await this.periods.getPeriod(hdsId, periodId);
    const body = await this.statements.payrollXlsx(hdsId, period);
    return new StreamableFile(body, { type: XLSX, disposition: `attachment; filename="${fileName(period)}.xlsx"` });
  }

  @Post('statement-runs')
  @Roles(Role.Planner, Role.HdsAdmin)
  @ApiOperation({ summary: 'De huidige afrekening bevriezen (bijv. bij uitbetaling); runs worden nooit gewijzigd' })
  async snapshot(@CurrentChange() ctx: ChangeContext, @Param('periodId', ParseUUIDPipe) periodId: string, @Body() body: SnapshotDto): Promise<StatementRunView> {
    const period = await this.periods.getPeriod(ctx.hdsId, periodId);
    return this.statements.snapshot(ctx, period, body.reason?.trim() || null);
  }

  @Get('statement-runs')
  @Roles(...ALL_GPS)
  @AuditorReadable()
  @ApiOperation({ summary: 'Bevroren afrekeningen van deze periode (momentopnames en die van tariefherzieningen), nieuwste eerst' })
  async runs(@Param('hdsId') hdsId: string, @Param('periodId', ParseUUIDPipe) periodId: string, @Query() query: PageQuery): Promise<Page<StatementRunView>> {
    await this.periods.getPeriod(hdsId, periodId);
    const { items, total } = await this.statements.listRuns(hdsId, periodId, query);
    return page(items, total, query);
  }

  @Get('statement-runs/:runId')
  @Roles(...ALL_GPS)
  @AuditorReadable()
  @ApiOperation({ summary: 'Eén bevroren afrekening met de bedragen per huisarts en de gebruikte tabelversies' })
  async run(@Param('hdsId') hdsId: string, @Param('periodId', ParseUUIDPipe) periodId: string, @Param('runId', ParseUUIDPipe) runId: string): Promise<StatementRunDetail> {
    await this.periods.getPeriod(hdsId, periodId);
    return this.statements.getRun(hdsId, periodId, runId);
  }
}

function fileName(period: RosterPeriodEntity): string {
  return `afrekening-${period.startDate}-${period.endDate}`;
}
