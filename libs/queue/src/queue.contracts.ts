/**
 * Every queue, job name and payload in one place. Payloads carry ids only, never names,
 * emails or other personal data: Redis keeps them in clear.
 */
export const QueueName = {
  System: 'system',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  Heartbeat: 'system.heartbeat',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

export interface JobPayloads {
  [JobName.Heartbeat]: { scheduledBy: 'worker' };
}

/** Which queue each job runs on. */
export const JobQueue: { [N in JobName]: QueueName } = {
  [JobName.Heartbeat]: QueueName.System,
};

export const HEARTBEAT_KEY = 'worker:heartbeat';
