import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { crossSiteRefusal } from "~/auth/csrf";

const site = "https://harvest.example";
const check = (over: Partial<Parameters<typeof crossSiteRefusal>[0]>) =>
  crossSiteRefusal({ method: "POST", path: "/cart", siteOrigin: site, ...over });

describe("cross-site request rule", () => {
  it("refuses an unsafe request that Sec-Fetch-Site marks cross-site, whatever the Origin says", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE", "post"]) {
      expect(check({ method, secFetchSite: "cross-site" }), method).not.toBeNull();
      expect(check({ method, secFetchSite: "cross-site", origin: site }), method).not.toBeNull();
    }
  });

  it("refuses an Origin that is not the site's, including the opaque 'null'", () => {
    for (const origin of [
      "https://evil.example",
      "http://harvest.example",
      "https://harvest.example:8443",
      "https://sub.harvest.example",
      "https://harvest.example.evil.example",
      "null",
      "garbage",
    ]) {
      expect(check({ origin }), origin).not.toBeNull();
      expect(check({ origin, secFetchSite: "same-origin" }), origin).not.toBeNull();
    }
  });

  it("lets same-origin browser posts through, with the origin written in any equivalent way", () => {
    expect(check({ origin: site, secFetchSite: "same-origin" })).toBeNull();
    expect(check({ origin: "https://HARVEST.example:443" })).toBeNull();
    expect(check({ secFetchSite: "same-origin" })).toBeNull();
    expect(check({ secFetchSite: "none" })).toBeNull();
    expect(
      crossSiteRefusal({
        method: "POST",
        path: "/",
        origin: "http://127.0.0.1:3000",
        siteOrigin: "http://127.0.0.1:3000/",
      }),
    ).toBeNull();
  });

  it("lets requests with neither header through (curl, servers: not a browser riding a cookie)", () => {
    expect(check({})).toBeNull();
    expect(check({ origin: "", secFetchSite: null })).toBeNull();
  });

  it("never blocks safe methods, nor webhooks (they prove themselves with signatures)", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) {
      expect(
        check({ method, secFetchSite: "cross-site", origin: "https://evil.example" }),
      ).toBeNull();
    }
    expect(
      check({
        path: "/webhooks/stripe",
        secFetchSite: "cross-site",
        origin: "https://stripe.example",
      }),
    ).toBeNull();
    // Only the prefix with its slash: /webhooksfoo is an ordinary path.
    expect(check({ path: "/webhooks-not", secFetchSite: "cross-site" })).not.toBeNull();
  });

  it("allows an unsafe request only when neither header says another site", () => {
    const origins = fc.constantFrom(undefined, site, "https://evil.example", "null");
    const fetchSites = fc.constantFrom(undefined, "same-origin", "same-site", "none", "cross-site");
    fc.assert(
      fc.property(
        origins,
        fetchSites,
        fc.constantFrom("POST", "PUT", "PATCH", "DELETE"),
        (origin, secFetchSite, method) => {
          const allowed = check({ method, origin, secFetchSite }) === null;
          const foreign =
            secFetchSite === "cross-site" || (origin !== undefined && origin !== site);
          expect(allowed).toBe(!foreign);
        },
      ),
    );
  });
});
