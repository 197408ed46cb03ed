import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ChangeContext } from '@anw/audit';
import { AuditorReadable, CurrentChange, Role, Roles } from '@anw/identity';
import { page, type Page, PageQuery } from '@anw/platform';
import { PayPolicyService, type PayPolicyView } from '@anw/tariffs-service';
import { PayPolicyDto } from './dto/tariffs.dto.js';

const READERS = [Role.Planner, Role.HdsAdmin, Role.RegionalAuditor];

@ApiTags('tariffs')
@ApiBearerAuth()
@Controller('hds/:hdsId/tariffs/policy')
export class PayPolicyController {
  constructor(private readonly policies: PayPolicyService) {}

  @Get()
  @Roles(...READERS)
  @AuditorReadable()
  @ApiOperation({ summary: 'Het vergoedingsbeleid van kracht: deel van het maximum en toeslagen (versie 0 = standaard, 100 %)' })
  get(@Param('hdsId') hdsId: string): Promise<PayPolicyView> {
    return this.policies.current(hdsId);
  }

  @Put()
  @Roles(Role.HdsAdmin)
  @ApiOperation({ summary: 'Vergoedingsbeleid vastleggen als nieuwe versie (eerdere versies blijven bewaard)' })
  put(@CurrentChange() ctx: ChangeContext, @Body() body: PayPolicyDto): Promise<PayPolicyView> {
    return this.policies.update(ctx, body);
  }

  @Get('versions')
  @Roles(...READERS)
  @AuditorReadable()
  @ApiOperation({ summary: 'Alle versies van het vergoedingsbeleid, nieuwste eerst' })
  async versions(@Param('hdsId') hdsId: string, @Query() query: PageQuery): Promise<Page<PayPolicyView>> {
    const { items, total } = await this.policies.versions(hdsId, query);
    return page(items, total, query);
  }
}
