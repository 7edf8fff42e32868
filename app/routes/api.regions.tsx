import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { citiesOf, districtsOf } from "~/lib/regions.server";
import { isProvinceCode } from "~/lib/regions";

const querySchema = z.union([
  z.object({ province: z.string().regex(/^\d{2}$/), city: z.undefined() }),
  z.object({ city: z.string().regex(/^\d{4}$/), province: z.undefined() }),
]);

// GB/T 2260 changes a few times a decade: a day in any cache is safe and spares the server.
const CACHE = { "Cache-Control": "public, max-age=86400, stale-while-revalidate=604800" };

/**
 * GET /api/regions?province=36 → { cities }, ?city=3607 → { districts }, for the checkout's
 * address pickers. Names are Chinese, as addresses in China are written.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const parsed = querySchema.safeParse({
    province: params.get("province") ?? undefined,
    city: params.get("city") ?? undefined,
  });
  if (!parsed.success) {
    return Response.json(
      { error: "invalid", message: "Ask for ?province=<2-digit code> or ?city=<4-digit code>" },
      { status: 422, headers: { "Cache-Control": "no-store" } },
    );
  }
  const q = parsed.data;
  if (q.province !== undefined) {
    if (!isProvinceCode(q.province)) return notFound("province");
    return Response.json(
      { province: q.province, cities: citiesOf(q.province) },
      { headers: CACHE },
    );
  }
  const districts = districtsOf(q.city);
  if (districts.length === 0) return notFound("city");
  return Response.json({ city: q.city, districts }, { headers: CACHE });
}

function notFound(what: "province" | "city") {
  return Response.json(
    { error: "not_found", message: `No such ${what}` },
    { status: 404, headers: CACHE },
  );
}
