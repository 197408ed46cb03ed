import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { PageQuery } from '@anw/platform';
import { Qualification } from '@anw/rosters';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-4]):[0-5]\d$/;
const toBool = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

export class CreatePeriodDto {
  @ApiProperty({ example: '2027 Q1' }) @IsString() @Length(1, 100) name: string;
  @ApiProperty({ example: '2027-01-01' }) @Matches(DATE, { message: 'startDate moet JJJJ-MM-DD zijn' }) startDate: string;
  @ApiProperty({ example: '2027-03-31', description: 'inclusief' }) @Matches(DATE, { message: 'endDate moet JJJJ-MM-DD zijn' }) endDate: string;
  @ApiPropertyOptional({ example: '2026-12-01T17:00:00+01:00', description: 'tot wanneer huisartsen hun beschikbaarheid invoeren' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'availabilityDeadline moet een ISO-tijdstip zijn' })
  availabilityDeadline?: string;
}

export class UpdatePeriodDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) name?: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsISO8601({ strict: true }) availabilityDeadline?: string | null;
}

export class GenerateQuery {
  @ApiPropertyOptional({ default: false, description: 'bestaande diensten van de conceptperiode vervangen' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  replace?: boolean;
}

export class ShiftQuery extends PageQuery {
  @ApiPropertyOptional({ example: '2027-01-01' }) @IsOptional() @Matches(DATE) from?: string;
  @ApiPropertyOptional({ example: '2027-01-31' }) @IsOptional() @Matches(DATE) to?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() postId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() gpId?: string;
  @ApiPropertyOptional({ description: 'alleen diensten met open plaatsen' }) @IsOptional() @Transform(toBool) @IsBoolean() openOnly?: boolean;
  @ApiPropertyOptional({ description: 'ook verwijderde diensten' }) @IsOptional() @Transform(toBool) @IsBoolean() includeRemoved?: boolean;
}

export class ReasonDto {
  @ApiPropertyOptional({ description: 'verplicht na publicatie (wijziging = amendement)', example: 'ziekte dr. Jansen' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class CreateShiftDto extends ReasonDto {
  @ApiProperty() @IsUUID() postId: string;
  @ApiProperty({ enum: Qualification }) @IsEnum(Qualification) role: Qualification;
  @ApiPropertyOptional({ example: 'EXTRA' }) @IsOptional() @IsString() @Length(0, 20) code?: string;
  @ApiProperty({ example: '2027-03-27T23:00', description: 'lokale tijd (Europe/Amsterdam)' }) @Matches(LOCAL, { message: 'start moet JJJJ-MM-DDTHH:mm zijn' }) start: string;
  @ApiProperty({ example: '2027-03-28T08:00' }) @Matches(LOCAL, { message: 'end moet JJJJ-MM-DDTHH:mm zijn' }) end: string;
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) @Max(50) required: number;
}

export class UpdateShiftDto extends ReasonDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() postId?: string;
  @ApiPropertyOptional({ enum: Qualification }) @IsOptional() @IsEnum(Qualification) role?: Qualification;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 20) code?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(LOCAL, { message: 'start moet JJJJ-MM-DDTHH:mm zijn' }) start?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(LOCAL, { message: 'end moet JJJJ-MM-DDTHH:mm zijn' }) end?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(50) required?: number;
}

export class AssignDto extends ReasonDto {
  @ApiProperty() @IsUUID('all', { message: 'gpId moet een uuid zijn' }) gpId: string;
}

export class DiffQuery {
  @ApiProperty({ example: 1 }) @Type(() => Number) @IsInt() @Min(1) from: number;
  @ApiPropertyOptional({ description: 'weglaten = huidige stand' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) to?: number;
}

export class MyShiftsQuery extends PageQuery {
  @ApiProperty({ example: '2027-01-01' }) @Matches(DATE, { message: 'from moet JJJJ-MM-DD zijn' }) from: string;
  @ApiProperty({ example: '2027-03-31' }) @Matches(DATE, { message: 'to moet JJJJ-MM-DD zijn' }) to: string;
}
