import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { FeedServer, httpDate, isNotModified } from '@anw/calendars';
import { Public } from '@anw/identity';

const CONTENT_TYPE = 'text/calendar; charset=utf-8';

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
    const feed = await this.server.serve(token);
    res.setHeader('ETag', feed.etag);
    res.setHeader('Last-Modified', httpDate(feed.lastModifiedMs));
    // Private: the URL is a secret; revalidated on every poll, which costs a 304.
    res.setHeader('Cache-Control', 'private, no-cache');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Robots-Tag', 'noindex');
    const ifNoneMatch = req.headers['if-none-match'];
    const ifModifiedSince = req.headers['if-modified-since'];
    if (isNotModified(ifNoneMatch, ifModifiedSince, feed.etag, feed.lastModifiedMs)) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.statusCode = 200;
    res.setHeader('Content-Type', CONTENT_TYPE);
    res.setHeader('Content-Length', feed.body.length);
    res.setHeader('Content-Disposition', 'inline; filename="anw-diensten.ics"');
    res.end(feed.body);
  }
}
