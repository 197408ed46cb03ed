import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditTrail, type ChangeContext } from '@anw/audit';
import { PostEntity } from '../entities/post.entity.js';
import { ShiftTemplateEntity, type TemplateDays } from '../entities/shift-template.entity.js';
import type { Qualification } from '../entities/gp.entity.js';
import { clockMinutes, overlappingTemplates } from '../domain/generate-shifts.js';
import { RosterError, RosterErrorCode } from '../rosters.errors.js';

export interface PostInput {
  code: string;
  name: string;
  address?: string;
}

export interface TemplateInputData {
  code: string;
  name?: string;
  role: Qualification;
  startTime: string;
  endTime: string;
  days: TemplateDays;
  required: number;
  active?: boolean;
}

const UNIQUE_VIOLATION = '23505';

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === UNIQUE_VIOLATION;
}

/** Posts (HAP) of an HDS and their shift templates (dienstsoorten). */
@Injectable()
export class PostsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  listPosts(hdsId: string): Promise<PostEntity[]> {
    return this.dataSource.getRepository(PostEntity).find({ where: { hdsId }, order: { code: 'ASC' } });
  }

  async getPost(hdsId: string, postId: string, manager: EntityManager = this.dataSource.manager): Promise<PostEntity> {
    const post = await manager.findOneBy(PostEntity, { hdsId, id: postId });
    if (!post) throw new RosterError(RosterErrorCode.PostNotFound, `Post ${postId} bestaat niet in deze HDS.`);
    return post;
  }

  async createPost(ctx: ChangeContext, input: PostInput): Promise<PostEntity> {
    try {
      return await this.dataSource.transaction(async (m) => {
        const post = await m.save(PostEntity, m.create(PostEntity, { hdsId: ctx.hdsId, code: input.code, name: input.name, address: input.address ?? '' }));
        await this.audit.change(m, ctx, { action: 'post.created', entityType: 'post', entityId: post.id, after: post });
        return post;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new RosterError(RosterErrorCode.PostCodeTaken, `Er is al een post met code ${input.code}.`);
      throw error;
    }
  }

  async updatePost(ctx: ChangeContext, postId: string, input: Partial<PostInput>): Promise<PostEntity> {
    try {
      return await this.dataSource.transaction(async (m) => {
        const before = await this.getPost(ctx.hdsId, postId, m);
        const after = await m.save(PostEntity, { ...before, ...input });
        await this.audit.change(m, ctx, { action: 'post.updated', entityType: 'post', entityId: postId, before, after });
        return after;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new RosterError(RosterErrorCode.PostCodeTaken, `Er is al een post met code ${input.code}.`);
      throw error;
    }
  }

  async listTemplates(hdsId: string, postId: string): Promise<ShiftTemplateEntity[]> {
    await this.getPost(hdsId, postId);
    return this.dataSource.getRepository(ShiftTemplateEntity).find({ where: { hdsId, postId }, order: { startTime: 'ASC', code: 'ASC' } });
  }

  async getTemplate(hdsId: string, templateId: string, manager: EntityManager = this.dataSource.manager): Promise<ShiftTemplateEntity> {
    const template = await manager.findOneBy(ShiftTemplateEntity, { hdsId, id: templateId });
    if (!template) throw new RosterError(RosterErrorCode.TemplateNotFound, `Dienstsoort ${templateId} bestaat niet in deze HDS.`);
    return template;
  }

  async createTemplate(ctx: ChangeContext, postId: string, input: TemplateInputData): Promise<ShiftTemplateEntity> {
    validateTimes(input.startTime, input.endTime);
    try {
      return await this.dataSource.transaction(async (m) => {
        await this.getPost(ctx.hdsId, postId, m);
        const candidate = m.create(ShiftTemplateEntity, { ...input, name: input.name ?? '', active: input.active ?? true, hdsId: ctx.hdsId, postId });
        await this.refuseOverlap(m, candidate);
        const template = await m.save(ShiftTemplateEntity, candidate);
        await this.audit.change(m, ctx, { action: 'template.created', entityType: 'shift_template', entityId: template.id, after: template });
        return template;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new RosterError(RosterErrorCode.TemplateCodeTaken, `Deze post heeft al een dienstsoort met code ${input.code}.`);
      throw error;
    }
  }

  async updateTemplate(ctx: ChangeContext, templateId: string, input: Partial<TemplateInputData>): Promise<ShiftTemplateEntity> {
    try {
      return await this.dataSource.transaction(async (m) => {
        const before = await this.getTemplate(ctx.hdsId, templateId, m);
        const candidate = { ...before, ...input };
        validateTimes(candidate.startTime, candidate.endTime);
        await this.refuseOverlap(m, candidate);
        const after = await m.save(ShiftTemplateEntity, candidate);
        await this.audit.change(m, ctx, { action: 'template.updated', entityType: 'shift_template', entityId: templateId, before, after });
        return after;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new RosterError(RosterErrorCode.TemplateCodeTaken, `Deze post heeft al een dienstsoort met code ${input.code}.`);
      throw error;
    }
  }

  /** Deactivates: shifts already generated from it stay. */
  async deactivateTemplate(ctx: ChangeContext, templateId: string): Promise<ShiftTemplateEntity> {
    return this.dataSource.transaction(async (m) => {
      const before = await this.getTemplate(ctx.hdsId, templateId, m);
      const after = await m.save(ShiftTemplateEntity, { ...before, active: false });
      await this.audit.change(m, ctx, { action: 'template.deactivated', entityType: 'shift_template', entityId: templateId, before, after });
      return after;
    });
  }

  private async refuseOverlap(m: EntityManager, candidate: ShiftTemplateEntity): Promise<void> {
    if (candidate.active === false) return;
    const others = await m.findBy(ShiftTemplateEntity, { hdsId: candidate.hdsId, postId: candidate.postId, active: true });
    const clash = others.find((o) => overlappingTemplates(candidate, o));
    if (clash) {
      throw new RosterError(
        RosterErrorCode.TemplateOverlap,
        `Dienstsoort ${candidate.code} (${candidate.startTime}–${candidate.endTime}) overlapt met ${clash.code} (${clash.startTime}–${clash.endTime}) voor dezelfde rol op dezelfde post; verhoog liever het aantal huisartsen.`,
      );
    }
  }
}

function validateTimes(start: string, end: string): void {
  const clock = /^([01]\d|2[0-3]):[0-5]\d$/;
  const problems = [];
  if (!clock.test(start)) problems.push({ field: 'startTime', message: 'startTime moet HH:mm zijn (00:00–23:59)' });
  if (!clock.test(end) && end !== '24:00') problems.push({ field: 'endTime', message: 'endTime moet HH:mm zijn (00:00–24:00)' });
  if (problems.length === 0 && clockMinutes(start) === clockMinutes(end)) {
    problems.push({ field: 'endTime', message: 'een dienst van 24 uur of 0 minuten is niet toegestaan' });
  }
  if (problems.length > 0) throw new RosterError(RosterErrorCode.ShiftInvalid, problems.map((p) => p.message).join('; '), problems);
}
