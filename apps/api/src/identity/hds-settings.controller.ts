import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ChangeContext } from '@anw/audit';
import { CurrentChange, CurrentScope, HdsSettingsService, Role, Roles, type HdsScope, type HdsSettingsVersionView, type HdsSettingsView } from '@anw/identity';
import { page, PageQuery, type Page } from '@anw/platform';
import { HdsSettingsDto } from './dto/hds-settings.dto.js';

@ApiTags('hds-settings')
@ApiBearerAuth()
@Roles(Role.HdsAdmin)
@Controller('hds/:hdsId/settings')
export class HdsSettingsController {
  constructor(private readonly settings: HdsSettingsService) {}

  @Get()
  @ApiOperation({ summary: 'De instellingen van deze HDS (hds-admin): naam, code, quotumbeleid, begin avond, dagopeningen, rustregels, met hun versie' })
  current(@CurrentScope() scope: HdsScope): Promise<HdsSettingsView> {
    return this.settings.current(scope.hdsId);
  }

  @Put()
  @ApiOperation({
    summary: 'De instellingen wijzigen (hds-admin): een nieuwe versie, geaudit',
    description:
      'Stuur de hele set met de version uit GET; een verouderde version geeft 409. Rustregels ruimer dan de Arbeidstijdenwet: 422 met het veld en de wettelijke grens. ' +
      'Een wijziging geldt voor conceptperiodes en latere periodes; een gepubliceerde periode houdt de versie waaronder zij werd gepubliceerd.',
  })
  update(@CurrentChange() ctx: ChangeContext, @Body() body: HdsSettingsDto): Promise<HdsSettingsView> {
    return this.settings.update(ctx, body);
  }

  @Get('versions')
  @ApiOperation({ summary: 'Alle versies van de instellingen, nieuwste eerst, met reden, auteur en de conceptperiodes waarvoor zij gingen gelden' })
  async versions(@CurrentScope() scope: HdsScope, @Query() query: PageQuery): Promise<Page<HdsSettingsVersionView>> {
    const { items, total } = await this.settings.versions(scope.hdsId, query);
    return page(items, total, query);
  }
}
