import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ChangeContext } from '@anw/audit';
import { CurrentChange, CurrentScope, MembershipsService, Role, Roles, type HdsScope, type MembershipView } from '@anw/identity';
import { page, PageQuery, type Page } from '@anw/platform';
import { ChangeRoleDto } from './dto/invitations.dto.js';

@ApiTags('memberships')
@ApiBearerAuth()
@Roles(Role.HdsAdmin)
@Controller('hds/:hdsId/memberships')
export class MembershipsController {
  constructor(private readonly memberships: MembershipsService) {}

  @Get()
  @ApiOperation({ summary: 'Wie heeft welke rol in deze HDS (hds-admin)' })
  async list(@CurrentScope() scope: HdsScope, @Query() query: PageQuery): Promise<Page<MembershipView>> {
    const { items, total } = await this.memberships.list(scope.hdsId, query);
    return page(items, total, query);
  }

  @Patch(':membershipId')
  @ApiOperation({ summary: 'Rol wijzigen: planner ↔ hds-admin (de laatste hds-admin blijft)' })
  changeRole(@CurrentChange() ctx: ChangeContext, @Param('membershipId', ParseUUIDPipe) id: string, @Body() body: ChangeRoleDto): Promise<MembershipView> {
    return this.memberships.changeRole(ctx, id, body.role);
  }

  @Delete(':membershipId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Lidmaatschap beëindigen: direct geen toegang meer tot deze HDS; de huisartsgegevens en hun geschiedenis blijven' })
  async remove(@CurrentChange() ctx: ChangeContext, @Param('membershipId', ParseUUIDPipe) id: string): Promise<void> {
    await this.memberships.remove(ctx, id);
  }
}
