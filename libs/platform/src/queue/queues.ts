/**
 * The one place that names queues, jobs and their payloads. The prefix carries a Redis Cluster
 * hash tag ('{anw}') so every key of a queue lands in one slot and BullMQ runs unchanged on a cluster.
 */
export enum QueueName {
  Outbox = 'outbox',
  Notifications = 'notifications',
  Distribution = 'distribution',
}

export enum OutboxJob {
  Relay = 'outbox.relay',
}

export enum DistributionJob {
  Solve = 'distribution.solve',
}

export interface DistributionSolvePayload {
  hdsId: string;
  periodId: string;
  runId: string;
  seed: number;
  seconds: number;
  requestId: string | null;
}

export interface JobPayloads {
  [OutboxJob.Relay]: { requestId: string | null };
  [DistributionJob.Solve]: DistributionSolvePayload;
}
