import { Module } from '@nestjs/common';
import { AuditTrail } from '@anw/audit';
import { PostsService } from './posts/posts.service.js';

const SERVICES = [PostsService];

@Module({
  providers: [AuditTrail, ...SERVICES],
  exports: SERVICES,
})
export class RostersModule {}
