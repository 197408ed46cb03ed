import { createSecretKey } from 'node:crypto';
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
      // The secret as a key object: given a string, jsonwebtoken first tries to read it as a PEM
      // public key and builds (and throws) an error on every request before falling back to HMAC.
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(Buffer.from(config.auth.jwtSecret, 'utf8')),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [AuthService, LoginRateLimiter, OperatorAccess, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [AuthService, LoginRateLimiter, OperatorAccess],
})
export class IdentityModule {}
