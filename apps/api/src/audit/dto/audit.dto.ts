import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Min } from 'class-validator';
import type { ExportFormat, ExportLevel, GpSort } from '@anw/audit-reports';
import { PageQuery } from '@anw/platform';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const FORMATS: ExportFormat[] = ['csv', 'xlsx'];
const LEVELS: ExportLevel[] = ['gps', 'practices', 'posts', 'hds'];
const SORTS: GpSort[] = ['name', 'deviation', 'hours'];

export class RangeQuery {
  @ApiProperty({ example: '2027-01-01', description: 'eerste dag (lokale datum)' }) @Matches(DATE, { message: 'from moet JJJJ-MM-DD zijn' }) from: string;
  @ApiProperty({ example: '2027-12-31', description: 'laatste dag, inclusief' }) @Matches(DATE, { message: 'to moet JJJJ-MM-DD zijn' }) to: string;
}

export class GpWorkloadQuery extends PageQuery {
  @ApiProperty({ example: '2027-01-01' }) @Matches(DATE, { message: 'from moet JJJJ-MM-DD zijn' }) from: string;
  @ApiProperty({ example: '2027-12-31' }) @Matches(DATE, { message: 'to moet JJJJ-MM-DD zijn' }) to: string;
  @ApiPropertyOptional({ enum: SORTS, default: 'name', description: 'deviation: grootste afwijking (in diensten) eerst' })
  @IsOptional()
  @IsIn(SORTS, { message: `sort moet een van ${SORTS.join(', ')} zijn` })
  sort?: GpSort;
}

export class ExportQuery extends RangeQuery {
  @ApiProperty({ enum: LEVELS }) @IsIn(LEVELS, { message: `level moet een van ${LEVELS.join(', ')} zijn` }) level: ExportLevel;
  @ApiProperty({ enum: FORMATS }) @IsIn(FORMATS, { message: 'format moet csv of xlsx zijn' }) format: ExportFormat;
}

export class RegionExportQuery extends RangeQuery {
  @ApiProperty({ enum: FORMATS }) @IsIn(FORMATS, { message: 'format moet csv of xlsx zijn' }) format: ExportFormat;
}

export class FormatQuery {
  @ApiProperty({ enum: FORMATS }) @IsIn(FORMATS, { message: 'format moet csv of xlsx zijn' }) format: ExportFormat;
}

export class RecordsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'assignment.', description: 'een handeling, of een voorvoegsel dat op een punt eindigt' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  action?: string;
  @ApiPropertyOptional({ example: 'shift' }) @IsOptional() @IsString() @Length(1, 50) entityType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) entityId?: string;
  @ApiPropertyOptional({ description: 'alleen records met een lager volgnummer (bladeren door een lang spoor)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'beforeSeq moet een geheel getal zijn' })
  @Min(1)
  beforeSeq?: number;
}

export class ReportHtmlQuery {
  @ApiPropertyOptional({ description: 'de ondertekende link van GET …/audit/report-link' }) @IsOptional() @IsString() @Length(1, 2000) token?: string;
}
