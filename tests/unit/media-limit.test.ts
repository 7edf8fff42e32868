import { describe, expect, it } from "vitest";
import { createLimiter } from "~/media/limit.server";

const tick = () => new Promise((r) => setTimeout(r, 1));

describe("encode limiter", () => {
  it("never runs more than its slots at once, and starts waiting tasks in arrival order", async () => {
    const limit = createLimiter(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const task = (i: number) => async () => {
      started.push(i);
      running++;
      most = Math.max(most, running);
      await tick();
      running--;
      return i;
    };
    const tasks = Array.from({ length: 12 }, (_, i) => limit.run(task(i)));
    // A latecomer arriving while a slot is being handed over must not jump the queue.
    await tick();
    const late = limit.run(task(99));
    expect(await Promise.all([...tasks, late])).toEqual([
      ...Array.from({ length: 12 }, (_, i) => i),
      99,
    ]);
    expect(most).toBe(2);
    expect(started.indexOf(99)).toBeGreaterThan(started.indexOf(11));
  });

  it("frees the slot when a task fails", async () => {
    const limit = createLimiter(1);
    await expect(limit.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await limit.run(async () => "next")).toBe("next");
  });
});
