import { sql } from 'kysely';
import type { Db } from './database.ts';

export interface QueueBacklog {
  queue: string;
  // Waiting and due now: created or retried, its start time passed.
  queued: number;
  // Taken by a worker and not finished yet.
  active: number;
}

// The job queue's backlog per queue, counted in pg-boss's own tables (schema pgboss, see jobs/queue.ts),
// every queue of the service listed even when it is empty; pg-boss's internal queues (__pgboss__…, its
// cron hand-offs) are left out. The join keeps to live jobs, which pg-boss indexes apart from the
// finished ones it retains, so the count stays cheap on a busy day. Empty before the job queue has
// created its schema.
export async function countJobBacklog(db: Db): Promise<QueueBacklog[]> {
  const { rows: found } = await sql<{ present: boolean }>`select to_regclass('pgboss.job') is not null as present`.execute(db);
  if (!found[0]?.present) return [];
  const { rows } = await sql<QueueBacklog>`
    select q.name as queue,
           (count(j.id) filter (where j.state in ('created', 'retry') and j.start_after <= now()))::int as queued,
           (count(j.id) filter (where j.state = 'active'))::int as active
    from pgboss.queue q
    left join pgboss.job j on j.name = q.name and j.state in ('created', 'retry', 'active')
    where not starts_with(q.name, '__pgboss__')
    group by q.name
    order by q.name`.execute(db);
  return rows;
}
