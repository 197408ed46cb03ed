import { Role, type HdsEntity } from '@anw/identity';
import { TenantFactory, TEST_PASSWORD } from '../factories/tenant.factory.js';
import { login } from './http.js';
import type { TestApp } from './test-app.js';

export interface TestTenant {
  hds: HdsEntity;
  tokens: Record<'admin' | 'planner' | 'gp' | 'auditor', string>;
}

/** A fresh HDS in a fresh region with one logged-in user per role (the GP without a GP record). */
export async function createTenant(sut: TestApp, regionId?: string): Promise<TestTenant> {
  const hds = await TenantFactory.hds(sut.dataSource, regionId ? { regionId } : {});
  const users = {
    admin: await TenantFactory.user(sut.dataSource, [{ role: Role.HdsAdmin, hdsId: hds.id }]),
    planner: await TenantFactory.user(sut.dataSource, [{ role: Role.Planner, hdsId: hds.id }]),
    gp: await TenantFactory.user(sut.dataSource, [{ role: Role.Gp, hdsId: hds.id }]),
    auditor: await TenantFactory.user(sut.dataSource, [{ role: Role.RegionalAuditor, regionId: hds.regionId }]),
  };
  const tokens = {
    admin: await login(sut.url, users.admin.email, TEST_PASSWORD),
    planner: await login(sut.url, users.planner.email, TEST_PASSWORD),
    gp: await login(sut.url, users.gp.email, TEST_PASSWORD),
    auditor: await login(sut.url, users.auditor.email, TEST_PASSWORD),
  };
  return { hds, tokens };
}
