import { Controller, Get, Header, Inject, Param, ParseUUIDPipe, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  AuditChainService,
  type AuditRecordView,
  AuditReportService,
  checkRange,
  type ClosingPlan,
  type ExportFile,
  type GpWorkload,
  type HdsSummary,
  PeriodReportsService,
  type PostWorkload,
  type PracticeWorkload,
  ReportLinks,
  type TradesReport,
  type VerifyResult,
  WorkloadService,
} from '@anw/audit-reports';
import { AuditorReadable, CurrentPrincipal, CurrentScope, type HdsScope, type Principal, Public, Role, Roles } from '@anw/identity';
import { APP_CONFIG, type AppConfig, page, type Page } from '@anw/platform';
import { RosterError, RosterErrorCode } from '@anw/rosters';
import { ExportQuery, FormatQuery, GpWorkloadQuery, RangeQuery, RecordsQuery, ReportHtmlQuery } from './dto/audit.dto.js';

/** Everyone who reads the whole HDS's figures; regional auditors through @AuditorReadable. */
const READERS = [Role.Planner, Role.HdsAdmin, Role.RegionalAuditor];
/** The trail itself and its verification. */
const CHAIN = [Role.HdsAdmin, Role.RegionalAuditor];

export function download(file: ExportFile): StreamableFile {
  return new StreamableFile(file.body, { type: file.contentType, disposition: `attachment; filename="${file.fileName}"` });
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('hds/:hdsId/audit')
export class AuditController {
  constructor(
    private readonly workload: WorkloadService,
    private readonly periods: PeriodReportsService,
    private readonly chain: AuditChainService,
    private readonly reports: AuditReportService,
    private readonly links: ReportLinks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('workload')
  @Roles(...READERS)
  @AuditorReadable()
  @ApiOperation({ summary: 'Dienstbelasting van de HDS: vraag, bezetting en open uren per categorie, met de eerlijkheidscijfers' })
  summary(@CurrentScope() scope: HdsScope, @Query() query: RangeQuery): Promise<HdsSummary> {
    return this.workload.summary(scope.hdsId, checkRange(query.from, query.to));
  }

  @Get('workload/gps')
  @Roles(...READERS)
  @AuditorReadable()
  @ApiOperation({ summary: 'Per huisarts: diensten en uren per categorie tegen eerlijk aandeel en quotum, saldo, afwijking (uren en diensten), trend' })
  async gps(@CurrentScope() scope: HdsScope, @Query() query: GpWorkloadQuery): Promise<Page<GpWorkload>> {
    const { items, total } = await this.workload.gpPage(scope.hdsId, checkRange(query.from, query.to), query.sort ?? 'name', query);
    return page(items, total, query);
  }

  @Get('workload/practices')
  @Roles(...READERS)
  @AuditorReadable()
  @ApiOperation({ summary: 'Per praktijk (praktijkhouder met zijn HIDHA): opgeteld' })
  practices(@CurrentScope() scope: HdsScope, @Query() query: RangeQuery): Promise<PracticeWorkload[]> {
    return this.workload.practices(scope.hdsId, checkRange(query.from, query.to));
  }

  @Get('workload/posts')
  @Roles(...READERS)
  @AuditorReadable()
  @ApiOperation({ summary: 'Per post: diensten, plaatsen, bezet en open, uren per categorie' })
  posts(@CurrentScope() scope: HdsScope, @Query() query: RangeQuery): Promise<PostWorkload[]> {
    return this.workload.posts(scope.hdsId, checkRange(query.from, query.to));
  }

  @Get('workload/export')
  @Roles(...READERS)
  @AuditorReadable()
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: 'Export (CSV of Excel) per huisarts, praktijk, post of voor de HDS' })
  async export(@CurrentScope() scope: HdsScope, @Query() query: ExportQuery): Promise<StreamableFile> {
    return download(await this.reports.hdsExport(scope.hdsId, checkRange(query.from, query.to), query.level, query.format));
  }

  @Get('fairness')
  @Roles(...READERS)
  @AuditorReadable()
  @ApiOperation({ summary: 'Eerlijkheidscijfers: grootste afwijking per categorie, aandeel binnen ±1 dienst, Gini, uitschieters met naam' })
  async fairness(@CurrentScope() scope: HdsScope, @Query() query: RangeQuery): Promise<HdsSummary['fairness'] & { range: HdsSummary['range'] }> {
    const summary = await this.workload.summary(scope.hdsId, checkRange(query.from, query.to));
    return { range: summary.range, ...summary.fairness };
  }

  @Get('me')
  @Roles(Role.Gp)
  @ApiOperation({ summary: 'Mijn eigen dienstbelasting tegen mijn eerlijke aandeel' })
  me(@CurrentScope() scope: HdsScope, @Query() query: RangeQuery): ReturnType<WorkloadService['forGp']> {
    if (!scope.gpId) throw new RosterError(RosterErrorCode.NotYourGpRecord, 'Uw account is in deze HDS niet aan een huisarts gekoppeld.');
    return this.workload.forGp(scope.hdsId, scope.gpId, checkRange(query.from, query.to));
  }

  @Get('periods/:periodId/closing-plan')
  @Roles(...READERS)
  @AuditorReadable()
  @ApiOperation({ summary: 'Sluitend rooster: alle plaatsen bezet of open, de open plaatsen met sinds wanneer' })
  closingPlan(@CurrentScope() scope: HdsScope, @Param('periodId', ParseUUIDPipe) periodId: string): Promise<ClosingPlan> {
    return this.periods.closingPlan(scope.hdsId, periodId);
  }

  @Get('periods/:periodId/closing-plan/export')
  @Roles(...READERS)
  @AuditorReadable()
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: 'Sluitend rooster als export: elke plaats een regel' })
  async closingPlanExport(@CurrentScope() scope: HdsScope, @Param('periodId', ParseUUIDPipe) periodId: string, @Query() query: FormatQuery): Promise<StreamableFile> {
    return download(await this.reports.closingPlanExport(scope.hdsId, periodId, query.format));
  }

  @Get('periods/:periodId/trades')
  @Roles(...READERS)
  @AuditorReadable()
  @ApiOperation({ summary: 'Ruilen en wijzigingen na publicatie: wie gaf wat weg, wie draagt de zware diensten' })
  trades(@CurrentScope() scope: HdsScope, @Param('periodId', ParseUUIDPipe) periodId: string): Promise<TradesReport> {
    return this.periods.trades(scope.hdsId, periodId);
  }

  @Get('report-link')
  @Roles(...READERS)
  @AuditorReadable()
  @ApiOperation({ summary: 'Een kortlevende ondertekende link naar het HTML-rapport (te openen in een browser)' })
  reportLink(@CurrentScope() scope: HdsScope, @CurrentPrincipal() principal: Principal, @Query() query: RangeQuery): { path: string; url: string; expiresAt: string } {
    const range = checkRange(query.from, query.to);
    const { token, expiresAt } = this.links.mint(scope.hdsId, range, principal.userId);
    const path = `/hds/${scope.hdsId}/audit/report.html?token=${encodeURIComponent(token)}`;
    return { path, url: `${this.config.http.publicBaseUrl}${path}`, expiresAt };
  }

  @Get('report.html')
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @Header('referrer-policy', 'no-referrer')
  @Header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'Het auditrapport als HTML met grafieken (SVG), via een link van report-link; afdrukbaar' })
  reportHtml(@Param('hdsId', ParseUUIDPipe) hdsId: string, @Query() query: ReportHtmlQuery): Promise<string> {
    const link = this.links.verify(query.token, hdsId);
    return this.reports.html(hdsId, checkRange(link.from, link.to));
  }

  @Get('verify')
  @Roles(...CHAIN)
  @AuditorReadable()
  @ApiOperation({ summary: 'De hashketen van het auditspoor controleren; noemt de eerste gebroken schakel' })
  async verify(@CurrentScope() scope: HdsScope): Promise<Omit<VerifyResult, 'hdsId'>> {
    const { hdsId: _hdsId, ...verdict } = await this.chain.verify(scope.hdsId);
    return verdict;
  }

  @Get('records')
  @Roles(...CHAIN)
  @AuditorReadable()
  @ApiOperation({ summary: 'Het auditspoor, nieuwste eerst (gepagineerd; beforeSeq voor lange sporen)' })
  async records(@CurrentScope() scope: HdsScope, @Query() query: RecordsQuery): Promise<Page<AuditRecordView>> {
    const { items, total } = await this.chain.records(scope.hdsId, query, query);
    return page(items, total, query);
  }
}
