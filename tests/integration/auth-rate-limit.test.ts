import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rateLimits } from "../../db/auth-schema";
import {
  clearRateLimit,
  hitRateLimit,
  pruneRateLimits,
  refundRateLimitHit,
} from "~/lib/rate-limit.server";
import { db } from "~/lib/db.server";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

describe("fixed-window rate limiter", () => {
  it("allows `limit` hits per window, then refuses with the seconds left", async () => {
    const hits = [];
    for (let i = 0; i < 4; i++)
      hits.push(await hitRateLimit({ key: "k", limit: 3, windowMs: 60_000 }));
    expect(hits.map((h) => [h.hits, h.allowed])).toEqual([
      [1, true],
      [2, true],
      [3, true],
      [4, false],
    ]);
    expect(hits[3]!.retryAfterSeconds).toBeGreaterThan(55);
    expect(hits[3]!.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it("starts a new window once the old one has passed", async () => {
    for (let i = 0; i < 3; i++) await hitRateLimit({ key: "k", limit: 2, windowMs: 60_000 });
    await db()
      .update(rateLimits)
      .set({ windowStart: sql`now() - interval '61 seconds'` });
    const next = await hitRateLimit({ key: "k", limit: 2, windowMs: 60_000 });
    expect(next).toMatchObject({ hits: 1, allowed: true });
  });

  it("keeps keys apart, and forgets a cleared key", async () => {
    for (let i = 0; i < 3; i++) await hitRateLimit({ key: "a", limit: 2, windowMs: 60_000 });
    expect((await hitRateLimit({ key: "b", limit: 2, windowMs: 60_000 })).allowed).toBe(true);
    await clearRateLimit({ key: "a" });
    expect((await hitRateLimit({ key: "a", limit: 2, windowMs: 60_000 })).hits).toBe(1);
  });

  it("counts a costlier hit as several, and gives back a refunded hit", async () => {
    expect(await hitRateLimit({ key: "c", limit: 10, windowMs: 60_000, cost: 4 })).toMatchObject({
      hits: 4,
      allowed: true,
    });
    expect(await hitRateLimit({ key: "c", limit: 10, windowMs: 60_000, cost: 6 })).toMatchObject({
      hits: 10,
      allowed: true,
    });
    await refundRateLimitHit({ key: "c" });
    expect(await hitRateLimit({ key: "c", limit: 10, windowMs: 60_000 })).toMatchObject({
      hits: 10,
      allowed: true,
    });
    expect(await hitRateLimit({ key: "c", limit: 10, windowMs: 60_000 })).toMatchObject({
      hits: 11,
      allowed: false,
    });
    await expect(hitRateLimit({ key: "c", limit: 10, windowMs: 60_000, cost: 0 })).rejects.toThrow(
      /cost/,
    );
  });

  it("counts every concurrent hit exactly once", async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, () => hitRateLimit({ key: "hot", limit: 25, windowMs: 60_000 })),
    );
    expect(results.map((r) => r.hits).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(25);
  });

  it("prunes counters whose window ended long ago", async () => {
    await hitRateLimit({ key: "old", limit: 1, windowMs: 1000 });
    await hitRateLimit({ key: "new", limit: 1, windowMs: 1000 });
    await db().execute(
      sql`update rate_limits set window_start = now() - interval '2 days' where key = 'old'`,
    );
    expect(await pruneRateLimits()).toBe(1);
    const keys = await db().select({ key: rateLimits.key }).from(rateLimits);
    expect(keys).toEqual([{ key: "new" }]);
  });
});
