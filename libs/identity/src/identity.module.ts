import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '@anw/platform';
import { AccessGuard } from './auth/access.guard.js';
import { AuthService } from './auth/auth.service.js';
import { AuditTrail } from '@anw/audit';
import { LoginRateLimiter, PasswordResetRateLimiter } from './auth/login-rate-limiter.js';
import { PasswordsService } from './auth/passwords.service.js';
import { SessionsService } from './auth/sessions.service.js';
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
  providers: [AuditTrail, AuthService, SessionsService, PasswordsService, LoginRateLimiter, PasswordResetRateLimiter, OperatorAccess, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [AuthService, SessionsService, PasswordsService, LoginRateLimiter, PasswordResetRateLimiter, OperatorAccess],
})
export class IdentityModule {}
