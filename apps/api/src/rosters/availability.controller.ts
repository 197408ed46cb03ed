import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { ChangeContext } from '@anw/audit';
import { AuditorReadable, CurrentChange, CurrentScope, Role, Roles, type HdsScope } from '@anw/identity';
import {
  AvailabilityService,
  type AvailabilityActor,
  type AvailabilityResponseView,
  type AvailabilityStatus,
  type AvailabilityView,
} from '@anw/rosters';
import { AvailabilityQuery, AvailabilityResponseDto, CreateAvailabilityDto } from './dto/availability.dto.js';
import { ImportQuery } from './dto/gp.dto.js';
import { ApiCsvImport, handleCsvImport, type CsvImportResult } from './csv-import.js';
import { refuseOthersRecord } from './gps.controller.js';

const READERS = [Role.Planner, Role.HdsAdmin, Role.Gp, Role.RegionalAuditor];
const EDITORS = [Role.Planner, Role.HdsAdmin, Role.Gp];
const PLANNERS = [Role.Planner, Role.HdsAdmin];

/** A planner acts on behalf of any GP at any time; a GP only for themselves, until the deadline. */
function actor(scope: HdsScope): AvailabilityActor {
  return { gpId: scope.gpId, onBehalf: scope.roles.some((r) => r === Role.Planner || r === Role.HdsAdmin) };
}

const CSV_EXAMPLE = ['email,kind,start,end,note', 'a.devries@praktijk.nl,absence,2027-02-15T00:00,2027-02-22T00:00,vakantie', 'b.jansen@praktijk.nl,avoids,2027-03-06T08:00,2027-03-07T08:00,'].join('\n');

@ApiTags('availability')
@ApiBearerAuth()
@Controller('hds/:hdsId')
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  @Get('gps/:gpId/availability')
  @Roles(...READERS)
  @AuditorReadable()
  @ApiOperation({ summary: 'Beschikbaarheid van een huisarts (afwezig, geblokkeerd, voorkeur, liever niet)' })
  list(@CurrentScope() scope: HdsScope, @Param('gpId', ParseUUIDPipe) gpId: string, @Query() query: AvailabilityQuery): Promise<AvailabilityView[]> {
    refuseOthersRecord(scope, gpId);
    return this.availability.list(scope.hdsId, gpId, query);
  }

  @Post('gps/:gpId/availability')
  @Roles(...EDITORS)
  @ApiOperation({ summary: 'Beschikbaarheid opgeven: een huisarts voor zichzelf tot de deadline van de periode, een planner altijd namens de huisarts' })
  add(
    @CurrentChange() ctx: ChangeContext,
    @CurrentScope() scope: HdsScope,
    @Param('gpId', ParseUUIDPipe) gpId: string,
    @Body() body: CreateAvailabilityDto,
  ): Promise<AvailabilityView> {
    return this.availability.add(ctx, actor(scope), gpId, body);
  }

  @Delete('gps/:gpId/availability/:availabilityId')
  @Roles(...EDITORS)
  @ApiOperation({ summary: 'Beschikbaarheid verwijderen (een huisarts alleen de eigen, tot de deadline)' })
  remove(
    @CurrentChange() ctx: ChangeContext,
    @CurrentScope() scope: HdsScope,
    @Param('gpId', ParseUUIDPipe) gpId: string,
    @Param('availabilityId', ParseUUIDPipe) availabilityId: string,
  ): Promise<AvailabilityView> {
    return this.availability.remove(ctx, actor(scope), gpId, availabilityId);
  }

  @Post('periods/:periodId/availability-responses')
  @Roles(...EDITORS)
  @ApiOperation({ summary: 'Bevestigen dat de beschikbaarheid voor de periode is opgegeven (een planner namens een huisarts met gpId)' })
  respond(
    @CurrentChange() ctx: ChangeContext,
    @CurrentScope() scope: HdsScope,
    @Param('periodId', ParseUUIDPipe) periodId: string,
    @Body() body: AvailabilityResponseDto,
  ): Promise<AvailabilityResponseView> {
    return this.availability.respond(ctx, actor(scope), periodId, body.gpId);
  }

  @Get('periods/:periodId/availability-status')
  @Roles(...PLANNERS)
  @ApiOperation({ summary: 'Wie de beschikbaarheid voor de periode heeft opgegeven en wie nog niet' })
  status(@Param('hdsId') hdsId: string, @Param('periodId', ParseUUIDPipe) periodId: string): Promise<AvailabilityStatus> {
    return this.availability.status(hdsId, periodId);
  }

  @Post('availability/import')
  @Roles(...PLANNERS)
  @ApiCsvImport({
    summary: 'Beschikbaarheid importeren uit CSV: alles of niets',
    columns: 'email,kind,start,end,note; start en end in lokale tijd (JJJJ-MM-DDTHH:mm, Europe/Amsterdam)',
    example: CSV_EXAMPLE,
  })
  import(
    @CurrentChange() ctx: ChangeContext,
    @Query() query: ImportQuery,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CsvImportResult> {
    const availability = {
      check: (hdsId: string, csv: string) => this.availability.checkImport(hdsId, csv),
      commit: (c: ChangeContext, csv: string) => this.availability.importAvailability(c, csv),
    };
    return handleCsvImport(availability, ctx, query.dryRun, body, res);
  }
}
