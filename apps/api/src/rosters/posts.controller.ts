import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ChangeContext } from '@anw/audit';
import { AuditorReadable, CurrentChange, Role, Roles } from '@anw/identity';
import { PostsService, type PostEntity, type ShiftTemplateEntity } from '@anw/rosters';
import { CreatePostDto, CreateTemplateDto, UpdatePostDto, UpdateTemplateDto } from './dto/post.dto.js';

const READERS = [Role.Planner, Role.HdsAdmin, Role.Gp, Role.RegionalAuditor];
const WRITERS = [Role.Planner, Role.HdsAdmin];

@ApiTags('posts')
@ApiBearerAuth()
@Controller('hds/:hdsId')
export class PostsController {
  constructor(private readonly posts: PostsService) {}

  @Get('posts')
  @Roles(...READERS)
  @AuditorReadable()
  @ApiOperation({ summary: 'Posten (HAP) van de HDS' })
  list(@Param('hdsId') hdsId: string): Promise<PostEntity[]> {
    return this.posts.listPosts(hdsId);
  }

  @Post('posts')
  @Roles(Role.HdsAdmin)
  @ApiOperation({ summary: 'Post toevoegen' })
  create(@CurrentChange() ctx: ChangeContext, @Body() body: CreatePostDto): Promise<PostEntity> {
    return this.posts.createPost(ctx, body);
  }

  @Get('posts/:postId')
  @Roles(...READERS)
  @AuditorReadable()
  get(@Param('hdsId') hdsId: string, @Param('postId', ParseUUIDPipe) postId: string): Promise<PostEntity> {
    return this.posts.getPost(hdsId, postId);
  }

  @Patch('posts/:postId')
  @Roles(Role.HdsAdmin)
  update(@CurrentChange() ctx: ChangeContext, @Param('postId', ParseUUIDPipe) postId: string, @Body() body: UpdatePostDto): Promise<PostEntity> {
    return this.posts.updatePost(ctx, postId, body);
  }

  @Get('posts/:postId/templates')
  @Roles(...READERS)
  @AuditorReadable()
  @ApiOperation({ summary: 'Dienstsoorten van een post' })
  templates(@Param('hdsId') hdsId: string, @Param('postId', ParseUUIDPipe) postId: string): Promise<ShiftTemplateEntity[]> {
    return this.posts.listTemplates(hdsId, postId);
  }

  @Post('posts/:postId/templates')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Dienstsoort toevoegen (overlap met dezelfde rol op dezelfde post wordt geweigerd)' })
  createTemplate(
    @CurrentChange() ctx: ChangeContext,
    @Param('postId', ParseUUIDPipe) postId: string,
    @Body() body: CreateTemplateDto,
  ): Promise<ShiftTemplateEntity> {
    return this.posts.createTemplate(ctx, postId, body);
  }

  @Patch('templates/:templateId')
  @Roles(...WRITERS)
  updateTemplate(
    @CurrentChange() ctx: ChangeContext,
    @Param('templateId', ParseUUIDPipe) templateId: string,
    @Body() body: UpdateTemplateDto,
  ): Promise<ShiftTemplateEntity> {
    return this.posts.updateTemplate(ctx, templateId, body);
  }

  @Delete('templates/:templateId')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Dienstsoort deactiveren (al gemaakte diensten blijven)' })
  deactivateTemplate(@CurrentChange() ctx: ChangeContext, @Param('templateId', ParseUUIDPipe) templateId: string): Promise<ShiftTemplateEntity> {
    return this.posts.deactivateTemplate(ctx, templateId);
  }
}
