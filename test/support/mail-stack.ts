import { randomUUID } from 'node:crypto';
import type { TestingModule } from '@nestjs/testing';
import { Redis } from 'ioredis';
import { client } from './http.js';
import { createIsolatedDatabase, startNotificationWorker, type IsolatedDatabase } from './notification-pipeline.js';
import { startSmtpServer, type TestSmtpServer } from './smtp-server.js';
import { startApi, type TestApp } from './test-app.js';

/** A database of its own, an SMTP server on loopback, the API and the notification worker: mail end to end. */
export interface MailStack {
  db: IsolatedDatabase;
  smtp: TestSmtpServer;
  sut: TestApp;
  worker: TestingModule;
  call: ReturnType<typeof client>;
  /** This stack's queue prefix (its Redis keys are removed on stop). */
  prefix: string;
  /** The token of the link `${publicBaseUrl}/${path}/<token>` in the newest mail to `to` (waits for `mails` mails). */
  linkToken(to: string, path: string, mails?: number): Promise<string>;
  stop(): Promise<void>;
}

export async function startMailStack(label: string, publicBaseUrl: string): Promise<MailStack> {
  const saved = { ...process.env };
  const prefix = `{anw${label}${randomUUID().slice(0, 8)}}`;
  const db = await createIsolatedDatabase();
  const smtp = await startSmtpServer();
  Object.assign(process.env, { DATABASE_URL: db.url, SMTP_URL: smtp.url, QUEUE_PREFIX: prefix, PUBLIC_BASE_URL: publicBaseUrl });
  const sut = await startApi();
  const worker = await startNotificationWorker();
  const base = publicBaseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return {
    db,
    smtp,
    sut,
    worker,
    call: client(sut.url),
    prefix,
    async linkToken(to, path, mails = 1) {
      await smtp.waitFor((all) => all.filter((m) => m.to.includes(to)).length >= mails, 15_000);
      const mail = smtp.messages.filter((m) => m.to.includes(to)).at(-1);
      const match = new RegExp(`${base}/${path}/([A-Za-z0-9_-]{43})`).exec(mail?.text ?? '');
      if (!match) throw new Error(`no ${path} link in the mail to ${to}: ${mail?.text}`);
      return match[1];
    },
    async stop() {
      await worker.close();
      await sut.close();
      await smtp.close();
      await db.drop();
      const redis = new Redis(saved.REDIS_URL as string);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
      process.env = saved;
    },
  };
}
