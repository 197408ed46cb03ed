import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { AuthService, CurrentPrincipal, Public, type Principal } from '@anw/identity';
import { LoginDto, TokenDto } from './auth.dto.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @UseGuards(ThrottlerGuard)
  @Throttle({ login: {} })
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Inloggen: geeft een bearer token (JWT) met een beperkte geldigheid' })
  @ApiOkResponse({ type: TokenDto })
  login(@Body() body: LoginDto): Promise<TokenDto> {
    return this.auth.login(body.email, body.password);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'De ingelogde gebruiker en zijn rollen per HDS of regio' })
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}
