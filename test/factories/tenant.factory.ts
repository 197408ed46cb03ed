import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuthService, HdsEntity, MembershipEntity, RegionEntity, Role, UserEntity } from '@anw/identity';

export const TEST_PASSWORD = 'correct horse battery staple';
let cachedHash: Promise<string> | undefined;

/** Factories for tenants and users; every test makes its own, so files can run in parallel. */
export const TenantFactory = {
  async region(ds: DataSource, name = `Regio ${randomUUID().slice(0, 8)}`): Promise<RegionEntity> {
    return ds.getRepository(RegionEntity).save({ name });
  },

  async hds(ds: DataSource, overrides: Partial<HdsEntity> = {}): Promise<HdsEntity> {
    const regionId = overrides.regionId ?? (await TenantFactory.region(ds)).id;
    const code = `HDS-${randomUUID().slice(0, 8)}`;
    return ds.getRepository(HdsEntity).save({ name: `Test ${code}`, code, regionId, ...overrides });
  },

  async user(
    ds: DataSource,
    grants: { role: Role; hdsId?: string; regionId?: string; gpId?: string }[],
    overrides: Partial<UserEntity> = {},
  ): Promise<UserEntity> {
    cachedHash ??= AuthService.hashPassword(TEST_PASSWORD);
    const user = await ds.getRepository(UserEntity).save({
      email: `user-${randomUUID()}@test.anw`,
      displayName: 'Test Gebruiker',
      passwordHash: await cachedHash,
      ...overrides,
    });
    for (const g of grants) {
      await ds.getRepository(MembershipEntity).save({
        userId: user.id,
        role: g.role,
        hdsId: g.hdsId ?? null,
        regionId: g.regionId ?? null,
        gpId: g.gpId ?? null,
      });
    }
    return user;
  },
};
