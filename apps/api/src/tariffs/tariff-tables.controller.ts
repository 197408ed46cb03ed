import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditorReadable, Role, Roles } from '@anw/identity';
import type { TariffTable } from '@anw/tariffs';
import { type HdsTables, TariffTablesService } from '@anw/tariffs-service';

@ApiTags('tariffs')
@ApiBearerAuth()
@Controller()
export class TariffTablesController {
  constructor(private readonly tables: TariffTablesService) {}

  @Get('tariffs/tables')
  @ApiOperation({ summary: 'De NZa-maximumtarieven per ANW-dienstuur (centen), per tabel met geldigheid, versie en bron' })
  nza(): readonly TariffTable[] {
    return this.tables.nzaTables();
  }

  @Get('hds/:hdsId/tariffs/tables')
  @Roles(Role.Planner, Role.HdsAdmin, Role.Gp, Role.RegionalAuditor)
  @AuditorReadable()
  @ApiOperation({ summary: 'De tarieftabellen van kracht voor deze HDS (met haar herzieningen) en alle bekende versies' })
  hds(@Param('hdsId') hdsId: string): Promise<HdsTables> {
    return this.tables.forHds(hdsId);
  }
}
