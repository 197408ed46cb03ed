import type { Server } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { OperatorAccess } from '@anw/identity';
import { APP_CONFIG, createAppLogger, createValidationPipe, requestLogger, type AppConfig } from '@anw/platform';
import { operatorOnly } from './ops/operator-only.middleware.js';
import { QUEUE_DASHBOARD_PATH, QueueDashboard } from './ops/queue-dashboard.js';

// Response headers a browser client may read across origins.
const EXPOSED_HEADERS = ['x-request-id', 'Retry-After', 'ETag', 'Last-Modified', 'Content-Disposition', 'Idempotent-Replayed'];

/** Everything main.ts and the e2e tests both need, so tests boot the app as it runs. */
export function configureApi(app: NestExpressApplication): void {
  const config = app.get<AppConfig>(APP_CONFIG);
  // Decides req.ip: behind a trusted proxy each client keeps its own per-IP login budget instead
  // of every client sharing the proxy's.
  app.set('trust proxy', config.http.trustProxy);
  app.useLogger(createAppLogger(config));
  app.use(requestLogger(config));
  if (config.http.corsOrigins.length > 0) {
    // maxAge: a browser reuses a preflight for 10 minutes instead of sending one before each call.
    app.enableCors({ origin: [...config.http.corsOrigins], credentials: true, exposedHeaders: EXPOSED_HEADERS, maxAge: 600 });
  }
  app.useGlobalPipes(createValidationPipe());
  // A raw Express mount, so the AccessGuard does not see it: operatorOnly is its guard.
  app.use(QUEUE_DASHBOARD_PATH, operatorOnly(app.get(OperatorAccess)), app.get(QueueDashboard).router);
  app.enableShutdownHooks();
  // Idle kept-alive connections stay open longer than Node's 5 s default: a client (or the load
  // balancer's pool) that pauses a few seconds between requests reuses its connection instead of
  // racing the API's close of it (ECONNRESET, a 502 at the balancer) or paying a new handshake.
  // headersTimeout must exceed it, or Node cuts a reused connection's next request short.
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = config.http.keepAliveMs;
  server.headersTimeout = config.http.keepAliveMs + 1000;
  if (config.http.swagger) {
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('ANW Rooster API')
        .setDescription('Roosters, verdeling, ruilen, tarieven, feeds en audits van de ANW-diensten van huisartsenposten.')
        .setVersion('0.1.0')
        .addBearerAuth()
        .build(),
    );
    SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  }
}
