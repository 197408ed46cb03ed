import { Controller, Get, Param, ParseUUIDPipe, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuditChainService, AuditReportService, checkRange, type RegionWorkload, type VerifyResult, WorkloadService } from '@anw/audit-reports';
import { Role, Roles } from '@anw/identity';
import { download } from './audit.controller.js';
import { RangeQuery, RegionExportQuery } from './dto/audit.dto.js';

/** Regional auditors: every HDS of their region (the guard checks the region grant). */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('regions/:regionId/audit')
export class RegionAuditController {
  constructor(
    private readonly workload: WorkloadService,
    private readonly reports: AuditReportService,
    private readonly chain: AuditChainService,
  ) {}

  @Get('workload')
  @Roles(Role.RegionalAuditor)
  @ApiOperation({ summary: "Alle HDS'en van de regio: dienstbelasting, sluiting en eerlijkheidscijfers" })
  region(@Param('regionId', ParseUUIDPipe) regionId: string, @Query() query: RangeQuery): Promise<RegionWorkload> {
    return this.workload.region(regionId, checkRange(query.from, query.to));
  }

  @Get('workload/export')
  @Roles(Role.RegionalAuditor)
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: 'Export (CSV of Excel) met een regel per HDS' })
  async export(@Param('regionId', ParseUUIDPipe) regionId: string, @Query() query: RegionExportQuery): Promise<StreamableFile> {
    return download(await this.reports.regionExport(regionId, checkRange(query.from, query.to), query.format));
  }

  @Get('verify')
  @Roles(Role.RegionalAuditor)
  @ApiOperation({ summary: "De hashketens van alle HDS'en van de regio controleren" })
  verify(@Param('regionId', ParseUUIDPipe) regionId: string): Promise<{ ok: boolean; hds: (VerifyResult & { code: string })[] }> {
    return this.chain.verifyRegion(regionId);
  }
}
