import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthService, CurrentPrincipal, LoginRateLimiter, Public, type Principal } from '@anw/identity';
import { LoginDto, TokenDto } from './auth.dto.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly rateLimiter: LoginRateLimiter,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Inloggen: geeft een bearer token (JWT) met een beperkte geldigheid' })
  @ApiOkResponse({ type: TokenDto })
  async login(@Body() body: LoginDto, @Ip() ip: string): Promise<TokenDto> {
    await this.rateLimiter.consume(ip, body.email);
    return this.auth.login(body.email, body.password);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'De ingelogde gebruiker en zijn rollen per HDS of regio' })
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}
