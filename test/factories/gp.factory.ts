import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Role, type UserEntity } from '@anw/identity';
import { GpEntity, GpKind, Qualification } from '@anw/rosters';
import { TenantFactory } from './tenant.factory.js';

/** GPs made directly in the database, for tests that need them as a given rather than as the subject. */
export const GpFactory = {
  async create(ds: DataSource, hdsId: string, overrides: Partial<GpEntity> = {}): Promise<GpEntity> {
    const suffix = randomUUID().slice(0, 8);
    return ds.getRepository(GpEntity).save({
      hdsId,
      kind: GpKind.PracticeHolder,
      name: `Dr. Test ${suffix}`,
      email: `gp-${suffix}-${randomUUID()}@test.anw`,
      qualifications: [Qualification.Consult],
      practicePatients: overrides.kind && overrides.kind !== GpKind.PracticeHolder ? null : 2_000,
      fte: 1,
      ...overrides,
    });
  },

  async createMany(ds: DataSource, hdsId: string, count: number, overrides: Partial<GpEntity> = {}): Promise<GpEntity[]> {
    const gps: GpEntity[] = [];
    for (let i = 0; i < count; i++) gps.push(await GpFactory.create(ds, hdsId, overrides));
    return gps;
  },

  /** A login for the GP: a user with the gp role in the GP's HDS, linked to the GP record. */
  async user(ds: DataSource, gp: GpEntity): Promise<UserEntity> {
    return TenantFactory.user(ds, [{ role: Role.Gp, hdsId: gp.hdsId, gpId: gp.id }], { displayName: gp.name });
  },
};
