import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

const PASSWORD_RULES = 'minstens 12 tekens, niet te raden: geen veelgebruikt of uitgelekt wachtwoord, woord, toetsenbordpatroon of eigen naam/e-mailadres';

export class LoginDto {
  @ApiProperty({ example: 'planner@hds-waterland.demo' })
  @IsEmail({}, { message: 'email moet een geldig e-mailadres zijn' })
  email: string;

  @ApiProperty({ example: 'demo-wachtwoord' })
  @IsString({ message: 'password moet tekst zijn' })
  @MinLength(1, { message: 'password mag niet leeg zijn' })
  @MaxLength(200, { message: 'password is te lang' })
  password: string;
}

export class TokenDto {
  @ApiProperty({ description: 'kortlevend bearer token (JWT)' })
  accessToken: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';

  @ApiProperty({ description: 'seconden tot het access token verloopt' })
  expiresIn: number;

  @ApiProperty({ description: 'verversingstoken (opaak): eenmalig in te wisselen bij POST /auth/refresh voor een nieuw paar' })
  refreshToken: string;

  @ApiProperty({ description: 'seconden tot het verversingstoken verloopt' })
  refreshExpiresIn: number;
}

export class RefreshDto {
  @ApiProperty({ description: 'het verversingstoken uit de laatste login of verversing' })
  @IsString({ message: 'refreshToken moet tekst zijn' })
  @MinLength(20, { message: 'refreshToken is te kort' })
  @MaxLength(200, { message: 'refreshToken is te lang' })
  refreshToken: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString({ message: 'currentPassword moet tekst zijn' })
  @MinLength(1, { message: 'currentPassword mag niet leeg zijn' })
  @MaxLength(200, { message: 'currentPassword is te lang' })
  currentPassword: string;

  @ApiProperty({ description: PASSWORD_RULES })
  @IsString({ message: 'newPassword moet tekst zijn' })
  @MaxLength(1000, { message: 'newPassword is te lang' })
  newPassword: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'huisarts@praktijk.nl' })
  @IsEmail({}, { message: 'email moet een geldig e-mailadres zijn' })
  @MaxLength(200, { message: 'email is te lang' })
  email: string;
}

export class PasswordResetConfirmDto {
  @ApiProperty({ description: 'het token uit de link in de mail (…/password-reset/<token>)' })
  @IsString({ message: 'token moet tekst zijn' })
  @MinLength(20, { message: 'token is te kort' })
  @MaxLength(100, { message: 'token is te lang' })
  token: string;

  @ApiProperty({ description: PASSWORD_RULES })
  @IsString({ message: 'password moet tekst zijn' })
  @MaxLength(1000, { message: 'password is te lang' })
  password: string;
}
