import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CalendarError, FeedServer } from '@anw/calendars';
import { Public } from '@anw/identity';
import { writeFeed, writeFeedProblem } from './feed-response.js';

/**
 * The public feed endpoint as OpenAPI shows it. In a running API, FeedFastPath answers these
 * requests before Express; this route answers identically where it is not installed.
 */
@ApiTags('feeds')
@Controller('feeds')
export class FeedController {
  constructor(private readonly server: FeedServer) {}

  /** The secret token in the URL is the only credential; an unknown or revoked one is a 404. */
  @Get(':token.ics')
  @Public()
  @ApiOperation({ summary: 'Agenda-feed (iCalendar) op de geheime link; ondersteunt If-None-Match en If-Modified-Since' })
  @ApiParam({ name: 'token', description: 'het geheime token uit de link' })
  @ApiProduces('text/calendar')
  @ApiResponse({ status: 200, description: 'de feed' })
  @ApiResponse({ status: 304, description: 'ongewijzigd' })
  @ApiResponse({ status: 404, description: 'onbekende of ingetrokken link' })
  async feed(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      writeFeed(req, res, await this.server.serve(token));
    } catch (error) {
      // Anything but a known feed error goes to the problem filter, which logs it.
      if (!(error instanceof CalendarError)) throw error;
      writeFeedProblem(res, error);
    }
  }
}
