import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

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
  @ApiProperty()
  accessToken: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';

  @ApiProperty({ description: 'seconds until expiry' })
  expiresIn: number;
}
