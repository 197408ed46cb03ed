import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, IsUUID, ValidateIf } from 'class-validator';
import { FeedKind } from '@anw/calendars';
import { PageQuery } from '@anw/platform';

const toBool = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

export class CreateFeedDto {
  @ApiProperty({ enum: FeedKind, description: 'gp: uw eigen diensten; post: één post; hds: de hele HDS (planners)' })
  @IsEnum(FeedKind, { message: 'kind moet gp, post of hds zijn' })
  kind: FeedKind;

  @ApiPropertyOptional({ description: 'verplicht bij kind=post' })
  @ValidateIf((o: CreateFeedDto) => o.kind === FeedKind.Post)
  @IsUUID('all', { message: 'postId moet een uuid zijn' })
  postId?: string;
}

export class FeedQuery extends PageQuery {
  @ApiPropertyOptional({ enum: FeedKind }) @IsOptional() @IsEnum(FeedKind, { message: 'kind moet gp, post of hds zijn' }) kind?: FeedKind;
  @ApiPropertyOptional({ description: 'ook ingetrokken feeds' }) @IsOptional() @Transform(toBool) @IsBoolean() includeRevoked?: boolean;
}
