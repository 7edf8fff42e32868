import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { z } from "zod";
import { jobs, type JobRow } from "../../db/orders-schema";
import { db, type Executor } from "../lib/db.server";
import { env } from "../lib/env.server";
import { loadRegistrations, registry } from "../lib/registry.server";

export type { JobRow };

/**
 * The job kinds there are, each with its payload: every domain adds its own from its
 * `jobs.server.ts` (`declare module "../jobs/queue.server" { interface JobKinds { … } }`), next to
 * the `registerJobKind` calls that handle them, so this module lists none.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface JobKinds {}
export type JobKind = keyof JobKinds & string;

/** The first retry waits this long; each further one twice as long, up to MAX_BACKOFF_MS. */
export const BASE_BACKOFF_MS = 1_000;
export const MAX_BACKOFF_MS = 60 * 60 * 1000;

/**
 * Adds a job. Pass the transaction of the change that needs it: the job then exists if and only
 * if that change committed. With a `dedupeKey` a second enqueue (a retried webhook, a second
 * process) is a no-op, whether the first job is pending, running or done.
 */
export async function enqueueJob({
  tx = db(),
  kind,
  payload,
  dedupeKey,
  runAt,
  maxAttempts,
}: {
  tx?: Executor;
  kind: JobKind;
  payload: Record<string, unknown>;
  dedupeKey?: string;
  runAt?: Date;
  maxAttempts?: number;
}): Promise<{ enqueued: boolean }> {
  const rows = await tx
    .insert(jobs)
    .values({
      kind,
      payload,
      dedupeKey: dedupeKey ?? null,
      ...(runAt ? { runAt } : {}),
      ...(maxAttempts ? { maxAttempts } : {}),
    })
    .onConflictDoNothing({ target: jobs.dedupeKey })
    .returning({ id: jobs.id });
  return { enqueued: rows.length > 0 };
}

const at = (now: Date | undefined) => (now ? sql`${now.toISOString()}::timestamptz` : sql`now()`);

/**
 * Takes up to `limit` due jobs for `workerId` in one statement. SKIP LOCKED lets several
 * processes claim at once without waiting on (or getting) each other's rows; the claim is a
 * lease, so a job whose worker died is claimed again once `locked_until` has passed.
 */
export async function claimJobs({
  workerId,
  limit = 10,
  leaseMs = env.JOBS_LEASE_MS,
  now,
}: {
  workerId: string;
  limit?: number;
  leaseMs?: number;
  now?: Date;
}): Promise<JobRow[]> {
  const t = at(now);
  const due = db()
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      and(
        isNull(jobs.doneAt),
        isNull(jobs.failedAt),
        lte(jobs.runAt, t),
        or(isNull(jobs.lockedUntil), lt(jobs.lockedUntil, t)),
      ),
    )
    // The order jobs_due_idx keeps, (run_at, id): read off the index, never a sort of every due job
    // (which, with stale statistics, cost tens of ms per claim behind a 10,000-job release).
    .orderBy(asc(jobs.runAt), asc(jobs.id))
    .limit(limit)
    .for("update", { skipLocked: true });
  const claimed = await db()
    .update(jobs)
    .set({
      lockedBy: workerId,
      lockedUntil: sql`${t} + ${leaseMs}::int * interval '1 millisecond'`,
      attempts: sql`${jobs.attempts} + 1`,
    })
    .where(inArray(jobs.id, due))
    .returning();
  // RETURNING follows no order; run them oldest first.
  return claimed.sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id - b.id);
}

/** Marks a job done, only if this worker still holds it (a lapsed lease may have passed it on). */
export async function completeJob({
  id,
  workerId,
}: {
  id: number;
  workerId: string;
}): Promise<boolean> {
  const rows = await db()
    .update(jobs)
    .set({ doneAt: sql`now()`, lockedUntil: null, lastError: null })
    .where(
      and(eq(jobs.id, id), eq(jobs.lockedBy, workerId), isNull(jobs.doneAt), isNull(jobs.failedAt)),
    )
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/**
 * Records a failed attempt: the job runs again after an exponential backoff, or is marked failed
 * for good once it has used its attempts (or at once when `permanent`, e.g. an unknown kind).
 */
export async function failJob({
  id,
  workerId,
  error,
  permanent = false,
}: {
  id: number;
  workerId: string;
  error: string;
  permanent?: boolean;
}): Promise<{ failed: boolean } | null> {
  const giveUp = permanent ? sql`true` : sql`${jobs.attempts} >= ${jobs.maxAttempts}`;
  const rows = await db()
    .update(jobs)
    .set({
      lastError: error.slice(0, 2000),
      lockedUntil: null,
      failedAt: sql`case when ${giveUp} then now() end`,
      runAt: sql`case when ${giveUp} then ${jobs.runAt}
        else now() + least(${MAX_BACKOFF_MS}::float8, ${BASE_BACKOFF_MS}::float8 * power(2, greatest(${jobs.attempts} - 1, 0))) * interval '1 millisecond' end`,
    })
    .where(
      and(eq(jobs.id, id), eq(jobs.lockedBy, workerId), isNull(jobs.doneAt), isNull(jobs.failedAt)),
    )
    .returning({ failedAt: jobs.failedAt });
  return rows[0] ? { failed: rows[0].failedAt !== null } : null;
}

/** A handler throws this when retrying cannot help (bad payload, unknown kind). */
export class PermanentJobError extends Error {}

export type JobHandler = (payload: unknown, job: JobRow) => Promise<void>;

const JOB_KIND = /^[a-z][a-z0-9_]{0,62}$/;
const handlers = registry<JobHandler>("job kind");

/**
 * Says what a job kind does; called by the domain's `jobs.server.ts` when it loads. The payload
 * is parsed first: one no retry can fix fails the job for good, saying why. Every handler must be
 * idempotent: a job may run more than once (its lease lapsed mid-run, or the process died after
 * the effect and before marking it done).
 */
export function registerJobKind<K extends JobKind, S extends z.ZodType<JobKinds[K]>>({
  kind,
  payload,
  run,
}: {
  kind: K;
  payload: S;
  run: (payload: z.infer<S>, job: JobRow) => Promise<unknown>;
}): void {
  if (!JOB_KIND.test(kind)) throw new Error(`job kind "${kind}" is not snake_case`);
  handlers.register(kind, async (raw, job) => {
    const parsed = payload.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new PermanentJobError(
        `${kind}: bad payload: ${issue ? `${issue.path.join(".") || "payload"}: ${issue.message}` : "invalid"}`,
      );
    }
    await run(parsed.data, job);
  });
}

/**
 * Claims the due jobs and runs each with its handler: done on success, retried later on an error.
 * Up to `concurrency` run at once (started oldest first), so one job's waits on the database or
 * the payment provider overlap another's work; jobs never depended on running one at a time, as
 * several processes already run them side by side. Handlers are idempotent, so a job run twice
 * (its lease lapsed mid-run) has one effect.
 */
export async function runDueJobs({
  workerId = defaultWorkerId(),
  limit = 10,
  concurrency = env.JOBS_CONCURRENCY,
  leaseMs,
  now,
  handlers: overrides,
}: {
  workerId?: string;
  limit?: number;
  concurrency?: number;
  leaseMs?: number;
  now?: Date;
  /** Instead of the registered kinds (tests). */
  handlers?: Partial<Record<string, JobHandler>>;
} = {}): Promise<{ ran: number; failed: number }> {
  // Before claiming: a registration file that cannot load leaves every job where it was.
  if (!overrides) await loadRegistrations();
  const claimed = await claimJobs({ workerId, limit, leaseMs, now });
  let failed = 0;
  const runOne = async (job: JobRow) => {
    const handler = overrides
      ? Object.hasOwn(overrides, job.kind)
        ? overrides[job.kind]
        : undefined
      : await handlers.find(job.kind);
    try {
      if (!handler)
        throw new PermanentJobError(
          `unknown job kind "${job.kind}": no handler is registered for it`,
        );
      await handler(job.payload, job);
      await completeJob({ id: job.id, workerId });
    } catch (error) {
      failed++;
      const message = error instanceof Error ? error.message : String(error);
      const outcome = await failJob({
        id: job.id,
        workerId,
        error: message,
        permanent: error instanceof PermanentJobError,
      });
      console.error(
        `job #${job.id} ${job.kind} attempt ${job.attempts} ${outcome?.failed ? "failed for good" : "failed, will retry"}: ${message}`,
      );
    }
  };
  let next = 0;
  const lane = async () => {
    while (next < claimed.length) await runOne(claimed[next++]!);
  };
  // Every lane finishes before this returns (or throws: the database went away mid-batch), so a
  // worker loop never claims again while jobs of its last claim are still running.
  const lanes = await Promise.allSettled(
    Array.from({ length: Math.min(Math.max(1, concurrency), claimed.length) }, lane),
  );
  const broken = lanes.find((l) => l.status === "rejected");
  if (broken) throw broken.reason;
  return { ran: claimed.length, failed };
}

let processWorkerId: string | undefined;
/** One id per process, so a job's `locked_by` says which process holds it. */
export function defaultWorkerId(): string {
  processWorkerId ??= `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  return processWorkerId;
}
