import type { DataSource } from 'typeorm';
import { AuthService, HdsEntity, MembershipEntity, RegionEntity, Role, UserEntity } from '@anw/identity';

export const DEMO_PASSWORD = 'demo-wachtwoord';
export const DEMO_HDS_CODE = 'HDS-WATERLAND';

export interface DemoLogin {
  role: Role;
  email: string;
  password: string;
}

export interface DemoSummary {
  created: boolean;
  hdsId: string;
  logins: DemoLogin[];
}

/** Loads the demo region, HDS and users; does nothing when the demo HDS already exists. */
export async function seedDemo(dataSource: DataSource): Promise<DemoSummary> {
  const logins: DemoLogin[] = [
    { role: Role.HdsAdmin, email: 'beheer@hds-waterland.demo', password: DEMO_PASSWORD },
    { role: Role.Planner, email: 'planner@hds-waterland.demo', password: DEMO_PASSWORD },
    { role: Role.Gp, email: 'huisarts@hds-waterland.demo', password: DEMO_PASSWORD },
    { role: Role.RegionalAuditor, email: 'auditor@regio-noord-holland.demo', password: DEMO_PASSWORD },
  ];
  const existing = await dataSource.getRepository(HdsEntity).findOneBy({ code: DEMO_HDS_CODE });
  if (existing) return { created: false, hdsId: existing.id, logins };

  return dataSource.transaction(async (manager) => {
    const region = await manager.save(RegionEntity, { name: 'Noord-Holland Noord' });
    const hds = await manager.save(HdsEntity, {
      regionId: region.id,
      code: DEMO_HDS_CODE,
      name: 'Huisartsendienstenstructuur Waterland-Zaanstreek',
      eveningStart: '17:00',
    });
    const passwordHash = await AuthService.hashPassword(DEMO_PASSWORD);
    for (const login of logins) {
      const user = await manager.save(UserEntity, { email: login.email, passwordHash, displayName: `Demo ${login.role}` });
      await manager.save(MembershipEntity, {
        userId: user.id,
        role: login.role,
        hdsId: login.role === Role.RegionalAuditor ? null : hds.id,
        regionId: login.role === Role.RegionalAuditor ? region.id : null,
        gpId: null,
      });
    }
    return { created: true, hdsId: hds.id, logins };
  });
}
