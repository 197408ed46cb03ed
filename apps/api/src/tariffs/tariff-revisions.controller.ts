import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ChangeContext } from '@anw/audit';
import { AuditorReadable, CurrentChange, Role, Roles } from '@anw/identity';
import { page, type Page, PageQuery } from '@anw/platform';
import { type RevisionDetail, type RevisionSummary, TariffRevisionsService } from '@anw/tariffs-service';
import { TariffRevisionDto } from './dto/tariffs.dto.js';

const READERS = [Role.Planner, Role.HdsAdmin, Role.RegionalAuditor];

@ApiTags('tariffs')
@ApiBearerAuth()
@Controller('hds/:hdsId/tariffs/revisions')
export class TariffRevisionsController {
  constructor(private readonly revisions: TariffRevisionsService) {}

  @Post()
  @Roles(Role.HdsAdmin)
  @ApiOperation({
    summary: 'Tariefherziening met terugwerkende kracht: herberekent elke geraakte afrekening, bewaart de eerdere cijfers en geeft het verschil per huisarts',
  })
  revise(@CurrentChange() ctx: ChangeContext, @Body() body: TariffRevisionDto): Promise<RevisionDetail> {
    return this.revisions.revise(ctx, body);
  }

  @Get()
  @Roles(...READERS)
  @AuditorReadable()
  @ApiOperation({ summary: 'Tariefherzieningen van deze HDS, nieuwste eerst' })
  async list(@Param('hdsId') hdsId: string, @Query() query: PageQuery): Promise<Page<RevisionSummary>> {
    const { items, total } = await this.revisions.list(hdsId, query);
    return page(items, total, query);
  }

  @Get(':revisionId')
  @Roles(...READERS)
  @AuditorReadable()
  @ApiOperation({ summary: 'Eén tariefherziening: oude en nieuwe tabel, geraakte periodes en het verschil per huisarts (gepagineerd)' })
  get(@Param('hdsId') hdsId: string, @Param('revisionId', ParseUUIDPipe) revisionId: string, @Query() query: PageQuery): Promise<RevisionDetail> {
    return this.revisions.get(hdsId, revisionId, query);
  }
}
