import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '@anw/platform';
import { AccessGuard } from './auth/access.guard.js';
import { AuthService } from './auth/auth.service.js';
import { LoginRateLimiter } from './auth/login-rate-limiter.js';
import { OperatorAccess } from './auth/operator-access.js';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.auth.jwtSecret, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } }),
    }),
  ],
  providers: [AuthService, LoginRateLimiter, OperatorAccess, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [AuthService, LoginRateLimiter, OperatorAccess],
})
export class IdentityModule {}
