import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Qualification } from '@anw/rosters';

export class CreatePostDto {
  @ApiProperty({ example: 'HAP-ZAANDAM' })
  @IsString()
  @Length(1, 40)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'code mag alleen letters, cijfers, - en _ bevatten' })
  code: string;

  @ApiProperty({ example: 'Huisartsenpost Zaandam' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ example: 'Koningin Julianaplein 58, 1502 DV Zaandam' })
  @IsOptional()
  @IsString()
  @Length(0, 300)
  address?: string;
}

export class UpdatePostDto extends PartialType(CreatePostDto) {}

export class TemplateDaysDto {
  @ApiProperty() @IsBoolean() weekdays: boolean;
  @ApiProperty() @IsBoolean() saturday: boolean;
  @ApiProperty() @IsBoolean() sunday: boolean;
  @ApiProperty({ description: 'NZa-feestdagen (ook als ze op een werkdag vallen)' }) @IsBoolean() holidays: boolean;
}

const CLOCK = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

export class CreateTemplateDto {
  @ApiProperty({ example: 'N' })
  @IsString()
  @Length(1, 20)
  code: string;

  @ApiPropertyOptional({ example: 'Nachtdienst consult' })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  name?: string;

  @ApiProperty({ enum: Qualification })
  @IsEnum(Qualification, { message: `role moet een van ${Object.values(Qualification).join(', ')} zijn` })
  role: Qualification;

  @ApiProperty({ example: '23:00', description: 'lokale tijd HH:mm' })
  @Matches(CLOCK, { message: 'startTime moet HH:mm zijn' })
  startTime: string;

  @ApiProperty({ example: '08:00', description: 'lokale tijd HH:mm; op of vóór de start = volgende dag; 24:00 toegestaan' })
  @Matches(CLOCK, { message: 'endTime moet HH:mm zijn' })
  endTime: string;

  @ApiProperty({ type: TemplateDaysDto })
  @ValidateNested()
  @Type(() => TemplateDaysDto)
  days: TemplateDaysDto;

  @ApiProperty({ example: 1, minimum: 1, maximum: 50 })
  @IsInt()
  @Min(1)
  @Max(50)
  required: number;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateTemplateDto extends PartialType(CreateTemplateDto) {}
