import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { ChangeContext } from '@anw/audit';
import { AuditorReadable, CurrentChange, CurrentScope, Role, Roles, type HdsScope } from '@anw/identity';
import { page, type Page } from '@anw/platform';
import { GpsService, RosterError, RosterErrorCode, type GpEntity, type GpExemptionEntity } from '@anw/rosters';
import { ApiCsvImport, handleCsvImport, type CsvImportResult } from './csv-import.js';
import { CreateExemptionDto, CreateGpDto, GpQuery, ImportQuery, UpdateGpDto } from './dto/gp.dto.js';

const READERS = [Role.Planner, Role.HdsAdmin, Role.Gp, Role.RegionalAuditor];
const WRITERS = [Role.Planner, Role.HdsAdmin];

/** A caller who is only a GP here sees and changes nothing but their own GP record. */
export function ownRecordOnly(scope: HdsScope): boolean {
  return !scope.roles.some((r) => r === Role.Planner || r === Role.HdsAdmin || r === Role.RegionalAuditor);
}

export function refuseOthersRecord(scope: HdsScope, gpId: string): void {
  if (ownRecordOnly(scope) && scope.gpId !== gpId) {
    throw new RosterError(RosterErrorCode.NotYourGpRecord, 'U kunt alleen uw eigen huisartsgegevens inzien.');
  }
}

export const CSV_EXAMPLE_GPS = [
  'name,email,kind,qualifications,employer_email,practice_patients,fte,fixed_minimum_hours,carve_out_percent,joined_on,left_on,phone',
  'Dr. A. de Vries,a.devries@praktijk.nl,practiceHolder,consult;visite,,2400,1,,,2020-01-01,,075-6123456',
  'Dr. B. Jansen,b.jansen@praktijk.nl,employed,consult,a.devries@praktijk.nl,,0.6,,25,2023-09-01,,',
].join('\n');

@ApiTags('gps')
@ApiBearerAuth()
@Controller('hds/:hdsId')
export class GpsController {
  constructor(private readonly gps: GpsService) {}

  @Get('gps')
  @Roles(...READERS)
  @AuditorReadable()
  @ApiOperation({ summary: 'Aangesloten huisartsen (een huisarts ziet alleen zichzelf)' })
  async list(@CurrentScope() scope: HdsScope, @Query() query: GpQuery): Promise<Page<GpEntity>> {
    const onlyGpId = ownRecordOnly(scope) ? scope.gpId : undefined;
    const { items, total } = await this.gps.listGps(scope.hdsId, { kind: query.kind, qualification: query.qualification, search: query.search, onlyGpId }, query);
    return page(items, total, query);
  }

  @Post('gps')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Huisarts toevoegen (e-mailadres uniek binnen de HDS; een HIDHA met werkgever)' })
  create(@CurrentChange() ctx: ChangeContext, @Body() body: CreateGpDto): Promise<GpEntity> {
    return this.gps.createGp(ctx, body);
  }

  @Post('gps/import')
  @Roles(...WRITERS)
  @ApiCsvImport({
    summary: 'Huisartsen importeren uit CSV: alles of niets',
    columns:
      'name,email,kind,qualifications,employer_email,practice_patients,fte,fixed_minimum_hours,carve_out_percent,joined_on,left_on,phone ' +
      '(kwalificaties gescheiden door ;)',
    example: CSV_EXAMPLE_GPS,
  })
  import(
    @CurrentChange() ctx: ChangeContext,
    @Query() query: ImportQuery,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CsvImportResult> {
    const gps = { check: (hdsId: string, csv: string) => this.gps.checkImport(hdsId, csv), commit: (c: ChangeContext, csv: string) => this.gps.importGps(c, csv) };
    return handleCsvImport(gps, ctx, query.dryRun, body, res);
  }

  @Get('gps/:gpId')
  @Roles(...READERS)
  @AuditorReadable()
  @ApiOperation({ summary: 'Eén huisarts (een huisarts alleen zichzelf)' })
  get(@CurrentScope() scope: HdsScope, @Param('gpId', ParseUUIDPipe) gpId: string): Promise<GpEntity> {
    refuseOthersRecord(scope, gpId);
    return this.gps.getGp(scope.hdsId, gpId);
  }

  @Patch('gps/:gpId')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Huisarts wijzigen (null wist een veld)' })
  update(@CurrentChange() ctx: ChangeContext, @Param('gpId', ParseUUIDPipe) gpId: string, @Body() body: UpdateGpDto): Promise<GpEntity> {
    return this.gps.updateGp(ctx, gpId, body);
  }

  @Get('gps/:gpId/exemptions')
  @Roles(...READERS)
  @AuditorReadable()
  @ApiOperation({ summary: 'Vrijstellingen van een huisarts (geen nachten, of geheel)' })
  exemptions(@CurrentScope() scope: HdsScope, @Param('gpId', ParseUUIDPipe) gpId: string): Promise<GpExemptionEntity[]> {
    refuseOthersRecord(scope, gpId);
    return this.gps.listExemptions(scope.hdsId, gpId);
  }

  @Post('gps/:gpId/exemptions')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Vrijstelling toevoegen (datums inclusief)' })
  addExemption(@CurrentChange() ctx: ChangeContext, @Param('gpId', ParseUUIDPipe) gpId: string, @Body() body: CreateExemptionDto): Promise<GpExemptionEntity> {
    return this.gps.addExemption(ctx, gpId, body);
  }

  @Delete('gps/:gpId/exemptions/:exemptionId')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Vrijstelling verwijderen' })
  removeExemption(
    @CurrentChange() ctx: ChangeContext,
    @Param('gpId', ParseUUIDPipe) gpId: string,
    @Param('exemptionId', ParseUUIDPipe) exemptionId: string,
  ): Promise<GpExemptionEntity> {
    return this.gps.removeExemption(ctx, gpId, exemptionId);
  }
}
