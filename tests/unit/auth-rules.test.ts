import { describe, expect, it } from "vitest";
import { passwordProblem } from "~/auth/passwords";
import { clientIp } from "~/auth/client-ip";
import { safeRedirect, sameSitePath } from "~/auth/safe-redirect";
import { resetTokenSchema, signInSchema, signUpSchema } from "~/auth/schemas";

describe("password rules", () => {
  it("takes 10 to 128 characters, counted as people count them", () => {
    expect(passwordProblem("nine char")).toBe("tooShort");
    expect(passwordProblem("ten chars!")).toBeNull();
    expect(passwordProblem("x".repeat(127) + "y")).toBeNull();
    expect(passwordProblem("x".repeat(128) + "y")).toBe("tooLong");
    // Ten emoji are 20 UTF-16 units but ten characters; nine are too few.
    expect(passwordProblem("🍊🍇🥔🍯🌾🍊🍇🥔🍯🌾")).toBeNull();
    expect(passwordProblem("🍊🍇🥔🍯🌾🍊🍇🥔🍯")).toBe("tooShort");
    expect(passwordProblem("丰收直播的脐橙真甜呀")).toBeNull();
  });

  it("refuses common passwords in any case, repeated characters and the email itself", () => {
    for (const p of ["1234567890", "QWERTYUIOP", "Password123", "woaini1314", "zzzzzzzzzzzz"])
      expect(passwordProblem(p), p).toBe("common");
    expect(passwordProblem("li.na.2026", "li.na.2026@example.com")).toBe("common");
    expect(passwordProblem("li.na.2026@example.com", "LI.NA.2026@example.com")).toBe("common");
    expect(passwordProblem("li.na.2026", "someone@example.com")).toBeNull();
  });
});

describe("form schemas", () => {
  it("normalises emails to trimmed lower case", () => {
    expect(signInSchema.parse({ email: "  Li.Na@EXAMPLE.com ", password: "x" }).email).toBe(
      "li.na@example.com",
    );
  });

  it("reports every bad sign-up field at once", () => {
    const r = signUpSchema.safeParse({ email: "nope", name: "", password: "short" });
    expect(r.success).toBe(false);
    const fields = r.success ? [] : r.error.issues.map((i) => i.path[0]);
    expect(new Set(fields)).toEqual(new Set(["email", "name", "password"]));
  });

  it("accepts only 43-character base64url reset tokens", () => {
    expect(resetTokenSchema.safeParse("a".repeat(43)).success).toBe(true);
    for (const t of ["a".repeat(42), "a".repeat(44), `${"a".repeat(42)}/`, `${"a".repeat(42)}=`]) {
      expect(resetTokenSchema.safeParse(t).success, t).toBe(false);
    }
  });
});

describe("redirect after sign-in", () => {
  it("keeps same-site paths with their query and fragment", () => {
    expect(safeRedirect("/admin/products?page=2#top", "/account")).toBe(
      "/admin/products?page=2#top",
    );
    expect(safeRedirect("/p/%E8%84%90%E6%A9%99", "/account")).toBe("/p/%E8%84%90%E6%A9%99");
  });

  it("falls back for everything that could leave the site or loop", () => {
    for (const to of [
      null,
      undefined,
      42,
      "",
      "admin",
      "https://evil.example",
      "//evil.example",
      "///evil.example",
      "/\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/ /evil.example",
      "/\u0000x",
      "javascript:alert(1)",
      "/account/sign-in?redirectTo=/admin",
      "/" + "a".repeat(2001),
      // Dot segments that normalise to a protocol-relative path.
      "/.//evil.example/x",
      "/a/..//evil.example",
      "/./\\evil.example",
      "/%2e//evil.example",
      "/a/%2E%2E//evil.example",
      "/account/./sign-in",
    ]) {
      expect(safeRedirect(to, "/account"), String(to)).toBe("/account");
    }
  });

  it("answers a path a Location header can carry: non-Latin-1 percent-encoded, dot segments resolved", () => {
    expect(safeRedirect("/p/脐橙?q=赣南#顶部", "/account")).toBe(
      "/p/%E8%84%90%E6%A9%99?q=%E8%B5%A3%E5%8D%97#%E9%A1%B6%E9%83%A8",
    );
    expect(safeRedirect("/a/../admin/./orders", "/account")).toBe("/admin/orders");
    expect(() => new Headers({ Location: safeRedirect("/p/脐橙", "/") })).not.toThrow();
  });

  it("lets the language switch send a visitor back to a sign-in page, but never off the site", () => {
    expect(sameSitePath("/account/sign-in?redirectTo=/admin")).toBe(
      "/account/sign-in?redirectTo=/admin",
    );
    expect(sameSitePath("/.//evil.example/x")).toBeNull();
  });
});

describe("the address per-address limits count", () => {
  it("is the IPv4 address, an IPv4-mapped one unwrapped, and an IPv6 client's /64", () => {
    const ip = (clientIpValue: string | undefined) => clientIp({ clientIp: clientIpValue });
    expect(ip("203.0.113.7")).toBe("203.0.113.7");
    expect(ip("::ffff:203.0.113.7")).toBe("203.0.113.7");
    // One subscriber holds a whole /64: rotating inside it must not escape a limit.
    expect(ip("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1:2::/64");
    expect(ip("2001:DB8:0001:0002:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(ip("2001:db8:1:2::9")).toBe("2001:db8:1:2::/64");
    expect(ip("2001:db8::1:2:3:4:5")).toBe("2001:db8:0:1::/64");
    expect(ip("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(ip(undefined)).toBe("unknown");
    expect(ip("")).toBe("unknown");
  });
});
