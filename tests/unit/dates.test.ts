import { describe, expect, it } from "vitest";
import { formatCalendarDay, formatDate, formatDateTime, formatTime } from "~/lib/dates";
import { dispatchPromise } from "~/lib/dispatch";

describe("one date format per language, in Beijing time", () => {
  // 16:30 UTC on 7 December is half past midnight on 8 December in Beijing.
  const late = "2026-12-07T16:30:00.000Z";

  it("writes moments and days the one way", () => {
    expect(formatDateTime(late, "zh")).toBe("12月8日 00:30");
    expect(formatDateTime(late, "en")).toBe("8 Dec, 00:30");
    expect(formatDate(new Date(late), "zh")).toBe("2026年12月8日");
    expect(formatDate(late, "en")).toBe("8 Dec 2026");
    expect(formatTime(Date.parse(late))).toBe("00:30");
    expect(formatCalendarDay("2027-01-05", "zh")).toBe("2027年1月5日");
    expect(formatCalendarDay("2027-01-05", "en")).toBe("5 Jan 2027");
  });

  it("does not depend on the machine's time zone (server and browser render alike)", () => {
    const before = process.env.TZ;
    try {
      for (const tz of ["UTC", "America/Los_Angeles", "Asia/Kolkata"]) {
        process.env.TZ = tz;
        expect(formatDateTime(late, "zh"), tz).toBe("12月8日 00:30");
      }
    } finally {
      process.env.TZ = before;
    }
  });
});

describe("one dispatch promise", () => {
  it("derives its words from the cooperative's handling days", () => {
    expect(dispatchPromise(2, "zh")).toBe("付款后 2 天内发货");
    expect(dispatchPromise(0, "zh")).toBe("付款后当天发货");
    expect(dispatchPromise(1, "en")).toBe("Ships within 1 day of payment");
    expect(dispatchPromise(3, "en")).toBe("Ships within 3 days of payment");
  });
});
