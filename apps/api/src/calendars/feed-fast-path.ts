import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { FeedServer } from '@anw/calendars';
import { MetricsService } from '@anw/platform';
import { writeFeed, writeFeedProblem } from './feed-response.js';

const FEED_URL = /^\/feeds\/([A-Za-z0-9_-]{1,100})\.ics(?:\?.*)?$/;
const ROUTE = '/feeds/:token.ics';

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Answers GET/HEAD /feeds/:token.ics on the HTTP server itself, ahead of Express, and hands
 * every other request on unchanged. Calendar apps poll these URLs all day; the cached feed needs
 * none of Express's parsers, the router, guards or interceptors, and the generic request log
 * would write the secret token (the URL) into the logs. Feed requests are still measured in
 * the HTTP metrics; failures are logged without the token. The FeedController route documents
 * the same endpoint in OpenAPI and answers identically when this path is not installed.
 */
@Injectable()
export class FeedFastPath implements OnApplicationBootstrap {
  private readonly logger = new Logger(FeedFastPath.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly feeds: FeedServer,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server || typeof server.listeners !== 'function') return;
    const others = server.listeners('request') as RequestListener[];
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const match = (req.method === 'GET' || req.method === 'HEAD') && req.url ? FEED_URL.exec(req.url) : null;
      if (match) {
        this.serve(match[1], req, res);
        return;
      }
      for (const listener of others) listener.call(server, req, res);
    });
  }

  private serve(token: string, req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const done = (status: number): void => {
      this.metrics.httpDuration.observe({ method: req.method ?? 'GET', route: ROUTE, status: String(status) }, (performance.now() - started) / 1000);
    };
    this.feeds.serve(token).then(
      (feed) => done(writeFeed(req, res, feed)),
      (error: unknown) => {
        const status = writeFeedProblem(res, error);
        if (status >= 500) this.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'feed could not be served');
        done(status);
      },
    );
  }
}
