import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, ErrorKind, PlatformError, PlatformErrorCode, REDIS, type AppConfig } from '@anw/platform';

/**
 * Attempts per client address and per account key (an e-mail address), counted in Redis so the
 * limit holds across API replicas.
 */
export class AttemptLimiter {
  private readonly perKey: RateLimiterRedis;
  private readonly perIp: RateLimiterRedis;

  constructor(
    redis: Redis,
    prefix: string,
    limits: { perKey: number; perIp: number; seconds: number },
    private readonly message: string,
  ) {
    this.perKey = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:email`, points: limits.perKey, duration: limits.seconds });
    this.perIp = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:ip`, points: limits.perIp, duration: limits.seconds });
  }

  async consume(ip: string, key: string): Promise<void> {
    try {
      await Promise.all([this.perIp.consume(ip), this.perKey.consume(key.trim().toLowerCase())]);
    } catch (error) {
      if (error instanceof RateLimiterRes || (typeof error === 'object' && error !== null && 'msBeforeNext' in error)) {
        throw new PlatformError(PlatformErrorCode.TooManyRequests, ErrorKind.TooManyRequests, this.message);
      }
      throw error;
    }
  }
}

/** Login attempts (and everything else that checks a password) per minute. */
@Injectable()
export class LoginRateLimiter extends AttemptLimiter {
  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    super(
      redis,
      `${config.redis.queuePrefix}:login`,
      { perKey: config.auth.loginRateLimitPerMinute, perIp: config.auth.loginRateLimitPerIpPerMinute, seconds: 60 },
      'Te veel inlogpogingen; probeer het over een minuut opnieuw.',
    );
  }
}

/** Password-reset requests per hour: each one mails someone, so fewer than logins. */
@Injectable()
export class PasswordResetRateLimiter extends AttemptLimiter {
  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    super(
      redis,
      `${config.redis.queuePrefix}:password-reset`,
      { perKey: config.auth.resetRateLimitPerHour, perIp: config.auth.resetRateLimitPerIpPerHour, seconds: 3600 },
      'Te veel aanvragen om een wachtwoord opnieuw in te stellen; probeer het later opnieuw.',
    );
  }
}
