import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsISO8601, IsOptional, IsUUID, Max, Min } from 'class-validator';

export class RequestRunDto {
  @ApiPropertyOptional({ default: 1, description: 'zelfde seed = zelfde rooster' }) @IsOptional() @IsInt() @Min(0) @Max(2_147_483_647) seed?: number;
  @ApiPropertyOptional({ default: 20, description: 'tijdsbudget van de verdeelmotor in seconden' }) @IsOptional() @IsInt() @Min(1) @Max(300) seconds?: number;
}

export class PickWindowsDto {
  @ApiPropertyOptional({ description: 'fase 1 (praktijkhouders en HIDHA) vanaf' }) @IsOptional() @IsISO8601({ strict: true }) holdersFrom?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) holdersUntil?: string;
  @ApiPropertyOptional({ description: 'fase 2 (waarnemers) vanaf' }) @IsOptional() @IsISO8601({ strict: true }) locumsFrom?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) locumsUntil?: string;
}

export class PickDto {
  @ApiPropertyOptional() @IsUUID() shiftId: string;
}
