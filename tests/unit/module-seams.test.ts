import path from "node:path";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { registerJobKind } from "~/jobs/queue.server";
import type * as registryModule from "~/lib/registry.server";
import { APP_DIR, loadRegistrations, registrationFiles, registry } from "~/lib/registry.server";
import { announcePaymentOutcome, type PaymentOutcomeType } from "~/payments/outcomes.server";
import { announceParcelEvent, type ParcelEventType } from "~/shipping/parcel-events.server";

const rel = (files: string[]) => files.map((f) => path.relative(APP_DIR, f));

describe("registrations (docs/module-seams.md)", () => {
  it("finds each domain's jobs.server.ts and on-*.server.ts, and nothing else", async () => {
    expect(rel(await registrationFiles())).toEqual([
      "groupbuy/jobs.server.ts",
      "groupbuy/on-order-payment.server.ts",
      "live/jobs.server.ts",
      "live/on-hold-expired.server.ts",
      "orders/jobs.server.ts",
      "orders/on-hold-expired.server.ts",
      "orders/on-parcel.server.ts",
      "orders/on-payment.server.ts",
      "presale/jobs.server.ts",
      "presale/on-order-payment.server.ts",
    ]);
    expect(rel(await loadRegistrations())).toEqual(rel(await registrationFiles()));
  });

  it("has a handler for every payment outcome, parcel event, job kind and hold owner announced today", async () => {
    const outcomes: PaymentOutcomeType[] = [
      "succeeded",
      "failed",
      "refunded",
      "authorized",
      "voided",
    ];
    for (const type of outcomes)
      await expect(registry("payment outcome").require(type)).resolves.toBeTypeOf("function");
    const events: ParcelEventType[] = ["tracked"];
    for (const type of events)
      await expect(registry("parcel event").require(type)).resolves.toBeTypeOf("function");
    for (const kind of [
      "create_shipments",
      "expire_order",
      "deliver_notification",
      "refund_payment",
      "void_payment",
    ])
      await expect(registry("job kind").find(kind)).resolves.toBeTypeOf("function");
    await expect(registry("hold owner").find("order")).resolves.toHaveProperty("onExpired");
  });

  it("throws for an outcome or event nobody handles, rather than dropping it", async () => {
    await expect(
      announcePaymentOutcome("disputed" as PaymentOutcomeType, {} as never),
    ).rejects.toThrow('no handler is registered for payment outcome "disputed"');
    await expect(announceParcelEvent("stalled" as ParcelEventType, {} as never)).rejects.toThrow(
      'no handler is registered for parcel event "stalled"',
    );
  });

  it("refuses a second handler for one kind, and a kind that is not snake_case", async () => {
    await loadRegistrations();
    const run = async () => {};
    expect(() =>
      registerJobKind({
        kind: "create_shipments",
        payload: z.object({ orderId: z.string() }),
        run,
      }),
    ).toThrow('job kind "create_shipments" is registered twice');
    expect(() =>
      registerJobKind({
        kind: "Ship-It" as "create_shipments",
        payload: z.object({ orderId: z.string() }),
        run,
      }),
    ).toThrow('job kind "Ship-It" is not snake_case');
  });

  it("shares one registry between copies of the module (the server and the Remix build)", async () => {
    await loadRegistrations();
    const copy = (await import(
      /* @vite-ignore */ `~/lib/registry.server?copy=${Date.now()}`
    )) as typeof registryModule;
    expect(copy.registry).not.toBe(registry);
    await expect(copy.registry("payment outcome").require("succeeded")).resolves.toBe(
      await registry("payment outcome").require("succeeded"),
    );
  });
});
