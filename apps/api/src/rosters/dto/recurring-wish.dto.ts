import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export class CreateRecurringWishDto {
  @ApiProperty({ enum: ['want', 'avoid'], description: 'want: voorkeur; avoid: liever niet' })
  @IsIn(['want', 'avoid'], { message: 'kind moet want of avoid zijn' })
  kind: 'want' | 'avoid';

  @ApiProperty({ example: 5, description: 'weekdag: 1 = maandag … 7 = zondag' })
  @IsInt({ message: 'weekday moet 1 (maandag) t/m 7 (zondag) zijn' })
  @Min(1, { message: 'weekday moet 1 (maandag) t/m 7 (zondag) zijn' })
  @Max(7, { message: 'weekday moet 1 (maandag) t/m 7 (zondag) zijn' })
  weekday: number;

  @ApiProperty({ example: '17:00', description: 'lokale begintijd UU:mm' })
  @Matches(TIME, { message: 'startTime moet UU:mm zijn' })
  startTime: string;

  @ApiProperty({ example: '08:00', description: 'lokale eindtijd UU:mm; op of vóór de begintijd: de volgende dag (00:00–00:00 is de hele dag)' })
  @Matches(TIME, { message: 'endTime moet UU:mm zijn' })
  endTime: string;

  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: 3 })
  @IsOptional()
  @IsInt({ message: 'weight moet 1, 2 of 3 zijn' })
  @Min(1, { message: 'weight moet 1, 2 of 3 zijn' })
  @Max(3, { message: 'weight moet 1, 2 of 3 zijn' })
  weight?: number;

  @ApiPropertyOptional({ example: 'geen vrijdagnachten' })
  @IsOptional()
  @IsString()
  @Length(0, 500)
  note?: string;
}
