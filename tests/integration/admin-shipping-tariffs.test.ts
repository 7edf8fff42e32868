import { describe, expect, it } from "vitest";
import { action, loader } from "~/routes/admin.shipping.tariffs";
import { answerQuote } from "~/shipping/quote-api.server";
import { tariffToForm } from "~/shipping/tariff-form";
import { DEFAULT_TARIFF } from "~/shipping/tariffs";
import { loadTariffForEditing } from "~/shipping/tariffs.server";
import { createCooperative } from "../factories/catalog";
import { signedInUser } from "../factories/users";
import { callRoute } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

const url = "http://localhost/admin/shipping/tariffs";
const defaultForm = () => tariffToForm(DEFAULT_TARIFF);

async function quoteTotal() {
  const body = JSON.stringify({
    from: "36",
    to: "36",
    items: [
      {
        weightG: 2500,
        lengthMm: 100,
        widthMm: 100,
        heightMm: 100,
        storage: "ambient",
        quantity: 1,
      },
    ],
  });
  return ((await answerQuote(body)).body as { totalFen: number }).totalFen;
}

describe("/admin/shipping/tariffs", () => {
  it("sends a signed-out visitor to sign in, refuses shoppers, and keeps the tariff to platform admins", async () => {
    const out = await callRoute(loader, { url });
    expect(out.status).toBe(302);
    expect(out.headers.get("Location")).toBe(
      `/account/sign-in?redirectTo=${encodeURIComponent("/admin/shipping/tariffs")}`,
    );
    expect((await callRoute(action, { url, method: "POST", form: defaultForm() })).status).toBe(
      302,
    );

    const shopper = await signedInUser();
    const cooperative = await createCooperative();
    const owner = await signedInUser({
      memberOf: [{ cooperativeId: cooperative.id, role: "owner" }],
    });
    const form = { ...defaultForm(), "express.local.first": "0.01" };
    expect((await callRoute(loader, { url, cookie: shopper.cookie })).status).toBe(403);
    expect(
      (await callRoute(action, { url, method: "POST", cookie: shopper.cookie, form })).status,
    ).toBe(403);
    // The owner opens the page for the free-shipping setting, but sees and saves no tariff.
    const page = await callRoute<{ values: unknown; changed: unknown; free: unknown }>(loader, {
      url,
      cookie: owner.cookie,
    });
    expect(page.status).toBe(200);
    expect(page.data.values).toBeNull();
    expect(page.data.changed).toBeNull();
    expect(page.data.free).toMatchObject({ minFen: null, canEdit: true });
    for (const sent of [form, { ...form, intent: "tariff" }])
      expect(
        (await callRoute(action, { url, method: "POST", cookie: owner.cookie, form: sent })).status,
      ).toBe(403);
    expect((await loadTariffForEditing()).tariff).toEqual(DEFAULT_TARIFF);
  });

  it("shows the stored tariff to a platform admin", async () => {
    const { cookie } = await signedInUser({ role: "admin" });
    const res = await callRoute<{
      values: Record<string, string>;
      changed: Record<string, { by: string }>;
    }>(loader, { url, cookie });
    expect(res.status).toBe(200);
    expect(res.data.values).toEqual(defaultForm());
    expect(res.data.changed.express!.by).toBe("migration");
  });

  it("bad input: errors per field, status 422, nothing saved", async () => {
    const { cookie } = await signedInUser({ role: "admin" });
    const form = {
      ...defaultForm(),
      "express.local.first": "-12",
      "economy.regional.step": "",
      "cold_chain.national.days": "0",
      "cold_chain.divisor": "0",
      // A valid change in the same submission must not be saved either.
      "express.national.first": "99",
    };
    const res = await callRoute<{
      ok: false;
      errors: Record<string, string>;
      values: Record<string, string>;
    }>(action, {
      url,
      method: "POST",
      cookie,
      form,
    });
    expect(res.status).toBe(422);
    expect(res.data.errors).toEqual({
      "express.local.first": "error.negative",
      "economy.regional.step": "error.required",
      "cold_chain.national.days": "error.days",
      "cold_chain.divisor": "error.positive",
    });
    expect(res.data.values["express.local.first"]).toBe("-12");
    expect((await loadTariffForEditing()).tariff).toEqual(DEFAULT_TARIFF);
    expect(await quoteTotal()).toBe(1200 + 2 * 200);
  });

  it("a valid edit is saved, recorded with who made it, and changes quotes at once", async () => {
    const { cookie, user } = await signedInUser({ role: "admin" });
    expect(await quoteTotal()).toBe(1400 + 200);
    const form = {
      ...defaultForm(),
      "express.local.first": "15.50",
      "express.local.step": "3",
      "cold_chain.remote.served": "on",
      "cold_chain.remote.first": "60",
      "cold_chain.remote.step": "20",
      "cold_chain.remote.days": "3",
    };
    const res = await callRoute(action, { url, method: "POST", cookie, form });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ ok: true, intent: "tariff" });
    const { tariff, changed } = await loadTariffForEditing();
    expect(tariff.express.zones.local).toEqual({ firstFen: 1550, stepFen: 300, transitDays: 1 });
    expect(tariff.cold_chain.zones.remote).toEqual({
      firstFen: 6000,
      stepFen: 2000,
      transitDays: 3,
    });
    expect(changed.express.by).toBe(user.email);
    expect(await quoteTotal()).toBe(1550 + 2 * 300);
  });
});
