import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditTrail, type ChangeContext } from '@anw/audit';
import type { FieldProblem } from '@anw/platform';
import { GpExemptionEntity, type ExemptionKind } from '../entities/gp-exemption.entity.js';
import { GpEntity, GpKind, type Qualification } from '../entities/gp.entity.js';
import { RosterError, RosterErrorCode } from '../rosters.errors.js';
import { countValid, csvRefused, readCsv, type ImportCheck } from './csv.js';
import { byEmployer, GP_CSV_LAYOUT, planGpImport, type ExistingGp, type GpImportRow } from './gp-import.js';
import { gpProblems, isIsoDate, normaliseEmail, withDefaults, type GpFields, type GpInput } from './gp-rules.js';

export interface GpFilter {
  kind?: GpKind;
  qualification?: Qualification;
  /** Part of the name, case-insensitive. */
  search?: string;
  /** Only this GP's record (a GP sees only their own); `null`: none at all. */
  onlyGpId?: string | null;
}

export interface Paging {
  page: number;
  pageSize: number;
}

export interface ExemptionInput {
  kind: ExemptionKind;
  fromDate: string;
  toDate: string;
  reason?: string;
}

const UNIQUE_VIOLATION = '23505';

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === UNIQUE_VIOLATION;
}

function emailTaken(email: string): RosterError {
  return new RosterError(RosterErrorCode.GpEmailTaken, `Er is al een huisarts met e-mailadres ${email} in deze HDS.`, [{ field: 'email', message: 'e-mailadres al in gebruik' }]);
}

function invalid(problems: FieldProblem[]): RosterError {
  const code = problems.some((p) => p.field === 'employerGpId') ? RosterErrorCode.EmployerInvalid : RosterErrorCode.GpInvalid;
  return new RosterError(code, problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
}

/**
 * The GPs (huisartsen) affiliated with an HDS, their exemptions, and the CSV import of GPs.
 * Every change writes an audit record and an outbox event in its own transaction.
 */
@Injectable()
export class GpsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async listGps(hdsId: string, filter: GpFilter, paging: Paging): Promise<{ items: GpEntity[]; total: number }> {
    if (filter.onlyGpId === null) return { items: [], total: 0 };
    const query = this.dataSource.getRepository(GpEntity).createQueryBuilder('g').where('g.hds_id = :hdsId', { hdsId });
    if (filter.onlyGpId !== undefined) query.andWhere('g.id = :gpId', { gpId: filter.onlyGpId });
    if (filter.kind) query.andWhere('g.kind = :kind', { kind: filter.kind });
    if (filter.qualification) query.andWhere(':qualification = ANY(g.qualifications)', { qualification: filter.qualification });
    if (filter.search) query.andWhere("g.name ILIKE :search ESCAPE '\\'", { search: `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    const [items, total] = await query
      .orderBy('g.name', 'ASC')
      .addOrderBy('g.id', 'ASC')
      .skip((paging.page - 1) * paging.pageSize)
      .take(paging.pageSize)
      .getManyAndCount();
    return { items, total };
  }

  async getGp(hdsId: string, gpId: string, manager: EntityManager = this.dataSource.manager): Promise<GpEntity> {
    const gp = await manager.findOneBy(GpEntity, { hdsId, id: gpId });
    if (!gp) throw new RosterError(RosterErrorCode.GpNotFound, `Huisarts ${gpId} bestaat niet in deze HDS.`);
    return gp;
  }

  async createGp(ctx: ChangeContext, input: GpInput): Promise<GpEntity> {
    const fields = withDefaults(input);
    const problems = gpProblems({ ...fields, hasEmployer: fields.employerGpId !== null });
    if (problems.length > 0) throw invalid(problems);
    try {
      return await this.dataSource.transaction(async (m) => {
        await this.refuseTakenEmail(m, ctx.hdsId, fields.email);
        await this.checkEmployer(m, ctx.hdsId, fields);
        const gp = await m.save(GpEntity, m.create(GpEntity, { ...fields, hdsId: ctx.hdsId }));
        await this.audit.change(m, ctx, { action: 'gp.created', entityType: 'gp', entityId: gp.id, after: gp }, { type: 'gp.created', payload: { gpId: gp.id } });
        return gp;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken(fields.email);
      throw error;
    }
  }

  async updateGp(ctx: ChangeContext, gpId: string, input: Partial<GpFields>): Promise<GpEntity> {
    const changes: Partial<GpFields> = { ...input };
    if (changes.email !== undefined) changes.email = normaliseEmail(changes.email);
    if (changes.name !== undefined) changes.name = changes.name.trim();
    if (changes.phone !== undefined) changes.phone = changes.phone?.trim() || null;
    if (changes.qualifications) changes.qualifications = [...new Set(changes.qualifications)];
    try {
      return await this.dataSource.transaction(async (m) => {
        const before = await m.findOne(GpEntity, { where: { hdsId: ctx.hdsId, id: gpId }, lock: { mode: 'pessimistic_write' } });
        if (!before) throw new RosterError(RosterErrorCode.GpNotFound, `Huisarts ${gpId} bestaat niet in deze HDS.`);
        const candidate: GpEntity = { ...before, ...changes };
        const problems = gpProblems({ ...candidate, hasEmployer: candidate.employerGpId !== null });
        if (problems.length > 0) throw invalid(problems);
        if (candidate.email !== before.email) await this.refuseTakenEmail(m, ctx.hdsId, candidate.email, gpId);
        await this.checkEmployer(m, ctx.hdsId, candidate);
        if (before.kind === GpKind.PracticeHolder && candidate.kind !== GpKind.PracticeHolder) {
          const employees = await m.countBy(GpEntity, { hdsId: ctx.hdsId, employerGpId: gpId });
          if (employees > 0) {
            throw new RosterError(RosterErrorCode.EmployerInvalid, `${before.name} heeft nog ${employees} HIDHA('s) in dienst en blijft daarom praktijkhouder; wijs hun eerst een andere werkgever toe.`, [
              { field: 'kind', message: 'praktijkhouder met HIDHA in dienst' },
            ]);
          }
        }
        const changed = (Object.keys(changes) as (keyof GpFields)[]).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(candidate[key]));
        if (changed.length === 0) return before;
        const after = await m.save(GpEntity, candidate);
        await this.audit.change(m, ctx, { action: 'gp.updated', entityType: 'gp', entityId: gpId, before, after }, { type: 'gp.updated', payload: { gpId, changed } });
        return after;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken(changes.email ?? '');
      throw error;
    }
  }

  // ---- exemptions ----------------------------------------------------------------------------

  async listExemptions(hdsId: string, gpId: string): Promise<GpExemptionEntity[]> {
    await this.getGp(hdsId, gpId);
    return this.dataSource.getRepository(GpExemptionEntity).find({ where: { hdsId, gpId }, order: { fromDate: 'ASC', id: 'ASC' } });
  }

  async addExemption(ctx: ChangeContext, gpId: string, input: ExemptionInput): Promise<GpExemptionEntity> {
    const problems: FieldProblem[] = [];
    if (!isIsoDate(input.fromDate)) problems.push({ field: 'fromDate', message: `"${input.fromDate}" is geen geldige datum (JJJJ-MM-DD)` });
    if (!isIsoDate(input.toDate)) problems.push({ field: 'toDate', message: `"${input.toDate}" is geen geldige datum (JJJJ-MM-DD)` });
    if (problems.length === 0 && input.toDate < input.fromDate) problems.push({ field: 'toDate', message: `de einddatum ${input.toDate} ligt vóór de begindatum ${input.fromDate}` });
    if (problems.length > 0) throw new RosterError(RosterErrorCode.ExemptionInvalid, problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
    return this.dataSource.transaction(async (m) => {
      await this.getGp(ctx.hdsId, gpId, m);
      const exemption = await m.save(
        GpExemptionEntity,
        m.create(GpExemptionEntity, { hdsId: ctx.hdsId, gpId, kind: input.kind, fromDate: input.fromDate, toDate: input.toDate, reason: input.reason?.trim() ?? '' }),
      );
      await this.audit.change(
        m,
        ctx,
        { action: 'gp.exemption.added', entityType: 'gp_exemption', entityId: exemption.id, after: exemption },
        { type: 'gp.exemption.added', payload: { gpId, exemptionId: exemption.id, kind: exemption.kind, fromDate: exemption.fromDate, toDate: exemption.toDate } },
      );
      return exemption;
    });
  }

  async removeExemption(ctx: ChangeContext, gpId: string, exemptionId: string): Promise<GpExemptionEntity> {
    return this.dataSource.transaction(async (m) => {
      await this.getGp(ctx.hdsId, gpId, m);
      const exemption = await m.findOneBy(GpExemptionEntity, { hdsId: ctx.hdsId, gpId, id: exemptionId });
      if (!exemption) throw new RosterError(RosterErrorCode.ExemptionNotFound, `Vrijstelling ${exemptionId} van deze huisarts bestaat niet.`);
      await m.delete(GpExemptionEntity, { id: exemptionId });
      await this.audit.change(
        m,
        ctx,
        { action: 'gp.exemption.removed', entityType: 'gp_exemption', entityId: exemptionId, before: exemption },
        { type: 'gp.exemption.removed', payload: { gpId, exemptionId, kind: exemption.kind, fromDate: exemption.fromDate, toDate: exemption.toDate } },
      );
      return exemption;
    });
  }

  // ---- CSV import ----------------------------------------------------------------------------

  /** A dry run: every problem of every row, nothing written. */
  async checkImport(hdsId: string, csv: string): Promise<ImportCheck> {
    const table = readCsv(csv, GP_CSV_LAYOUT);
    const plan = planGpImport(table, await this.existing(this.dataSource.manager, hdsId));
    return { valid: countValid(plan.rows, plan.problems), errors: plan.problems };
  }

  /** All rows in one transaction, or (with any bad row) none, refused with every problem. */
  async importGps(ctx: ChangeContext, csv: string): Promise<{ imported: number }> {
    const table = readCsv(csv, GP_CSV_LAYOUT);
    try {
      return await this.dataSource.transaction(async (m) => {
        const existing = await this.existing(m, ctx.hdsId);
        const plan = planGpImport(table, existing);
        if (plan.problems.length > 0) throw csvRefused(plan.problems);
        const idByEmail = new Map(existing.map((gp) => [normaliseEmail(gp.email), gp.id]));
        const { withoutEmployer, withEmployer } = byEmployer(plan.rows);
        const insert = async (rows: GpImportRow[]): Promise<GpEntity[]> => {
          const gps = rows.map((row) => {
            const employerGpId = row.employerEmail === null ? null : (idByEmail.get(row.employerEmail) ?? null);
            return m.create(GpEntity, { ...row.fields, employerGpId, hdsId: ctx.hdsId });
          });
          const inserted = await m.save(GpEntity, gps, { chunk: 500 });
          for (const gp of inserted) idByEmail.set(gp.email, gp.id);
          return inserted;
        };
        const saved = [...(await insert(withoutEmployer)), ...(await insert(withEmployer))];
        for (const gp of saved) {
          await this.audit.record(m, ctx, { action: 'gp.created', entityType: 'gp', entityId: gp.id, after: gp, reason: 'CSV-import' });
        }
        await this.audit.emit(m, ctx, { type: 'gps.imported', payload: { count: saved.length, gpIds: saved.map((gp) => gp.id) } });
        return { imported: saved.length };
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new RosterError(RosterErrorCode.GpEmailTaken, 'Tijdens de import is een huisarts met een van deze e-mailadressen toegevoegd; er is niets geïmporteerd. Probeer het opnieuw.');
      }
      throw error;
    }
  }

  private async existing(m: EntityManager, hdsId: string): Promise<ExistingGp[]> {
    return m.find(GpEntity, { where: { hdsId }, select: { id: true, email: true, kind: true } });
  }

  private async refuseTakenEmail(m: EntityManager, hdsId: string, email: string, exceptGpId?: string): Promise<void> {
    const query = m.createQueryBuilder(GpEntity, 'g').where('g.hds_id = :hdsId AND lower(g.email) = :email', { hdsId, email });
    if (exceptGpId) query.andWhere('g.id <> :exceptGpId', { exceptGpId });
    if (await query.getExists()) throw emailTaken(email);
  }

  /** An employed GP's employer is a practice holder of the same HDS. */
  private async checkEmployer(m: EntityManager, hdsId: string, gp: Pick<GpFields, 'kind' | 'employerGpId'> & { id?: string }): Promise<void> {
    if (gp.kind !== GpKind.Employed || gp.employerGpId === null) return;
    const problem = (message: string): RosterError => new RosterError(RosterErrorCode.EmployerInvalid, `employerGpId: ${message}`, [{ field: 'employerGpId', message }]);
    if (gp.employerGpId === gp.id) throw problem('een HIDHA kan niet zijn of haar eigen werkgever zijn');
    const employer = await m.findOneBy(GpEntity, { hdsId, id: gp.employerGpId });
    if (!employer) throw problem(`huisarts ${gp.employerGpId} bestaat niet in deze HDS`);
    if (employer.kind !== GpKind.PracticeHolder) throw problem(`${employer.name} is geen praktijkhouder`);
  }
}
