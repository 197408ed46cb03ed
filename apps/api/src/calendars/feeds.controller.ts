import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { ChangeContext } from '@anw/audit';
import { FeedsService, type FeedActor, type FeedView, type IssuedFeed } from '@anw/calendars';
import { CurrentChange, CurrentScope, Role, Roles, type HdsScope } from '@anw/identity';
import { ErrorKind, page, PlatformError, PlatformErrorCode, type Page } from '@anw/platform';
import { CreateFeedDto, FeedQuery } from './dto/feed.dto.js';

const MANAGERS = [Role.Gp, Role.Planner, Role.HdsAdmin];

function actor(scope: HdsScope): FeedActor {
  return { gpId: scope.gpId, planner: scope.roles.some((r) => r === Role.Planner || r === Role.HdsAdmin) };
}

/**
 * The responses with a secret link are never kept: the global Idempotency-Key interceptor would
 * store them (in plain text), so such a key is refused here. A retried create answers 409
 * (`feed_exists`); a new link comes from /regenerate.
 */
function refuseIdempotencyKey(key: string | undefined): void {
  if (key !== undefined) {
    throw new PlatformError(
      PlatformErrorCode.ValidationFailed,
      ErrorKind.BadInput,
      'Idempotency-Key wordt hier niet ondersteund: een agenda-link wordt maar één keer getoond en nergens bewaard. Bij een herhaald verzoek volgt 409; vraag dan een nieuwe link aan via /regenerate.',
      [{ field: 'Idempotency-Key', message: 'niet toegestaan bij het uitgeven van een geheime link' }],
    );
  }
}

@ApiTags('feeds')
@ApiBearerAuth()
@Controller('hds/:hdsId')
export class FeedsController {
  constructor(private readonly feeds: FeedsService) {}

  @Get('feeds')
  @Roles(...MANAGERS)
  @ApiOperation({ summary: 'Agenda-feeds: een huisarts ziet de eigen, planners alle feeds van de HDS (zonder geheime link)' })
  async list(@CurrentScope() scope: HdsScope, @Query() query: FeedQuery): Promise<Page<FeedView>> {
    const { items, total } = await this.feeds.list(scope.hdsId, actor(scope), query, query);
    return page(items, total, query);
  }

  @Post('feeds')
  @Roles(...MANAGERS)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'niet toegestaan: de geheime link wordt niet bewaard' })
  @ApiOperation({ summary: 'Agenda-feed aanmaken; de https- en webcal-link worden alleen nu getoond' })
  create(
    @CurrentChange() ctx: ChangeContext,
    @CurrentScope() scope: HdsScope,
    @Body() body: CreateFeedDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IssuedFeed> {
    refuseIdempotencyKey(key);
    res.setHeader('Cache-Control', 'no-store');
    return this.feeds.create(ctx, actor(scope), body);
  }

  @Get('feeds/:feedId')
  @Roles(...MANAGERS)
  get(@CurrentScope() scope: HdsScope, @Param('feedId', ParseUUIDPipe) feedId: string): Promise<FeedView> {
    return this.feeds.get(scope.hdsId, actor(scope), feedId);
  }

  @Post('feeds/:feedId/regenerate')
  @Roles(...MANAGERS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Nieuwe geheime link; de oude werkt meteen niet meer' })
  regenerate(
    @CurrentChange() ctx: ChangeContext,
    @CurrentScope() scope: HdsScope,
    @Param('feedId', ParseUUIDPipe) feedId: string,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IssuedFeed> {
    refuseIdempotencyKey(key);
    res.setHeader('Cache-Control', 'no-store');
    return this.feeds.regenerate(ctx, actor(scope), feedId);
  }

  @Delete('feeds/:feedId')
  @Roles(...MANAGERS)
  @ApiOperation({ summary: 'Feed intrekken: de link antwoordt voortaan 404 (planners kunnen ook de link van een huisarts intrekken)' })
  revoke(@CurrentChange() ctx: ChangeContext, @CurrentScope() scope: HdsScope, @Param('feedId', ParseUUIDPipe) feedId: string): Promise<FeedView> {
    return this.feeds.revoke(ctx, actor(scope), feedId);
  }
}
