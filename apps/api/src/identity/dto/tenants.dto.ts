import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '@anw/platform';

const CODE = /^[A-Za-z0-9][A-Za-z0-9-]{1,39}$/;
const CODE_MESSAGE = 'code heeft 2 tot 40 tekens: letters, cijfers en streepjes';

/** The name of a region or HDS: 2–120 characters. */
const NameField = (): PropertyDecorator =>
  applyDecorators(IsString({ message: 'name moet tekst zijn' }), MinLength(2, { message: 'name heeft minstens 2 tekens' }), MaxLength(120, { message: 'name heeft hoogstens 120 tekens' }));

export class RegionDto {
  @ApiProperty({ example: 'Noord-Holland Noord' })
  @NameField()
  name: string;
}

export class CreateHdsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'regionId moet een uuid zijn' })
  regionId: string;

  @ApiProperty({ example: 'HDS-WATERLAND', description: 'uniek (hoofdletterongevoelig), opgeslagen in hoofdletters' })
  @IsString({ message: 'code moet tekst zijn' })
  @Matches(CODE, { message: CODE_MESSAGE })
  code: string;

  @ApiProperty({ example: 'HDS Waterland' })
  @NameField()
  name: string;
}

export class UpdateHdsDto {
  @ApiPropertyOptional({ example: 'HDS-ZAANSTREEK' })
  @IsOptional()
  @IsString({ message: 'code moet tekst zijn' })
  @Matches(CODE, { message: CODE_MESSAGE })
  code?: string;

  @ApiPropertyOptional({ example: 'HDS Zaanstreek-Waterland' })
  @IsOptional()
  @NameField()
  name?: string;
}

export class HdsListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('4', { message: 'regionId moet een uuid zijn' })
  regionId?: string;
}

export class UpdateUserDto {
  @ApiProperty({ description: 'false: de gebruiker verliest direct alle toegang (ook met een nog geldig token)' })
  @IsBoolean({ message: 'active is true of false' })
  active: boolean;
}
