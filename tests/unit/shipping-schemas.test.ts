import { describe, expect, it } from "vitest";
import { fieldPath, parseQuoteRequest } from "~/shipping/schemas";

const valid = () => ({
  from: "36",
  to: "11",
  items: [
    { weightG: 2800, lengthMm: 300, widthMm: 200, heightMm: 150, storage: "ambient", quantity: 2 },
  ],
});
function problem(body: unknown) {
  const r = parseQuoteRequest(body);
  if (r.ok) throw new Error("expected a problem");
  return r;
}

describe("parseQuoteRequest", () => {
  it("accepts the contract's shape", () => {
    const r = parseQuoteRequest({ ...valid(), service: "economy", declaredValueFen: 0 });
    expect(r.ok).toBe(true);
  });
  it.each([
    [{ from: "99" }, "from"],
    [{ to: "7" }, "to"],
    [{ to: 11 }, "to"],
    [{ from: undefined }, "from"],
    [{ items: [] }, "items"],
    [{ items: "x" }, "items"],
    [{ service: "drone" }, "service"],
    [{ declaredValueFen: -1 }, "declaredValueFen"],
    [{ declaredValueFen: 1.5 }, "declaredValueFen"],
  ])("names the field of %j", (over, field) => {
    const r = problem({ ...valid(), ...over });
    expect(r.field).toBe(field);
    expect(r.message.startsWith(`${field}: `)).toBe(true);
  });
  it.each([
    ["weightG", 0],
    ["weightG", -5],
    ["weightG", 1.5],
    ["weightG", "1000"],
    ["lengthMm", 0],
    ["widthMm", -1],
    ["heightMm", null],
    ["quantity", 1001],
    ["quantity", 0],
    ["storage", "frozen"],
    ["shelfLifeDays", 0],
  ])("names items[0].%s when it is %j", (key, value) => {
    const body = valid();
    (body.items[0] as Record<string, unknown>)[key] = value;
    expect(problem(body).field).toBe(`items[0].${key}`);
  });
  it("accepts quantity 1000 and names a missing item field", () => {
    const body = valid();
    body.items[0]!.quantity = 1000;
    expect(parseQuoteRequest(body).ok).toBe(true);
    const { storage: _s, ...rest } = body.items[0]!;
    expect(problem({ ...body, items: [body.items[0], rest] }).field).toBe("items[1].storage");
  });
  it("refuses a body that is not an object", () => {
    for (const body of [null, "x", 3, []]) expect(problem(body).message).toMatch(/JSON object/);
  });
  it("fieldPath writes indexes in brackets", () => {
    expect(fieldPath(["items", 3, "weightG"])).toBe("items[3].weightG");
    expect(fieldPath(["to"])).toBe("to");
  });
});
