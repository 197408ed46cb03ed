import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, ErrorKind, PlatformError, PlatformErrorCode, REDIS, type AppConfig } from '@anw/platform';

/**
 * Login attempts per client address and per e-mail address, counted in Redis so the limit holds
 * across API replicas.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly perEmail: RateLimiterRedis;
  private readonly perIp: RateLimiterRedis;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    const prefix = `${config.redis.queuePrefix}:login`;
    this.perEmail = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:email`, points: config.auth.loginRateLimitPerMinute, duration: 60 });
    this.perIp = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:ip`, points: config.auth.loginRateLimitPerIpPerMinute, duration: 60 });
  }

  async consume(ip: string, email: string): Promise<void> {
    try {
      await Promise.all([this.perIp.consume(ip), this.perEmail.consume(email.trim().toLowerCase())]);
    } catch (error) {
      if (error instanceof RateLimiterRes || (typeof error === 'object' && error !== null && 'msBeforeNext' in error)) {
        throw new PlatformError(PlatformErrorCode.TooManyRequests, ErrorKind.TooManyRequests, 'Te veel inlogpogingen; probeer het over een minuut opnieuw.');
      }
      throw error;
    }
  }
}
